using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VendorRisk.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class VendorListFilterIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Vendors_TenantId_Status",
                table: "Vendors");

            migrationBuilder.CreateIndex(
                name: "IX_Vendors_TenantId_Status_InherentTier",
                table: "Vendors",
                columns: new[] { "TenantId", "Status", "InherentTier" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Vendors_TenantId_Status_InherentTier",
                table: "Vendors");

            migrationBuilder.CreateIndex(
                name: "IX_Vendors_TenantId_Status",
                table: "Vendors",
                columns: new[] { "TenantId", "Status" });
        }
    }
}
