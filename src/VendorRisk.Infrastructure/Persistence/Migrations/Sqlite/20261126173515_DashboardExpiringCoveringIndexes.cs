using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VendorRisk.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DashboardExpiringCoveringIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ReassessmentSchedules_TenantId_DueOn",
                table: "ReassessmentSchedules");

            migrationBuilder.CreateIndex(
                name: "IX_Vendors_Id_TenantId_Status",
                table: "Vendors",
                columns: new[] { "Id", "TenantId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_ReassessmentSchedules_TenantId_DueOn_VendorId",
                table: "ReassessmentSchedules",
                columns: new[] { "TenantId", "DueOn", "VendorId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Vendors_Id_TenantId_Status",
                table: "Vendors");

            migrationBuilder.DropIndex(
                name: "IX_ReassessmentSchedules_TenantId_DueOn_VendorId",
                table: "ReassessmentSchedules");

            migrationBuilder.CreateIndex(
                name: "IX_ReassessmentSchedules_TenantId_DueOn",
                table: "ReassessmentSchedules",
                columns: new[] { "TenantId", "DueOn" });
        }
    }
}
