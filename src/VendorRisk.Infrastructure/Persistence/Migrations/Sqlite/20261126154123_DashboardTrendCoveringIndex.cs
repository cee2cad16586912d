using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VendorRisk.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DashboardTrendCoveringIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Assessments_TenantId_DecidedAt_ResidualLikelihood_ResidualImpact",
                table: "Assessments");

            migrationBuilder.CreateIndex(
                name: "IX_Assessments_TenantId_DecidedAt_Status_ResidualLikelihood_ResidualImpact",
                table: "Assessments",
                columns: new[] { "TenantId", "DecidedAt", "Status", "ResidualLikelihood", "ResidualImpact" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Assessments_TenantId_DecidedAt_Status_ResidualLikelihood_ResidualImpact",
                table: "Assessments");

            migrationBuilder.CreateIndex(
                name: "IX_Assessments_TenantId_DecidedAt_ResidualLikelihood_ResidualImpact",
                table: "Assessments",
                columns: new[] { "TenantId", "DecidedAt", "ResidualLikelihood", "ResidualImpact" });
        }
    }
}
