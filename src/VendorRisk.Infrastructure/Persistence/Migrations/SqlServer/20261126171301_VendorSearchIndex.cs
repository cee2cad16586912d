using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VendorRisk.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class VendorSearchIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Vendors_Search",
                table: "Vendors",
                columns: new[] { "TenantId", "LegalName" })
                .Annotation("SqlServer:Include", new[] { "Description" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Vendors_Search",
                table: "Vendors");
        }
    }
}
