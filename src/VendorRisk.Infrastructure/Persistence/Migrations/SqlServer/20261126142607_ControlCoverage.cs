using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VendorRisk.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ControlCoverage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CoverageEntries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    VendorId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    AssessmentId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ControlId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Framework = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Status = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CoverageEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CoverageEntries_Vendors_VendorId",
                        column: x => x.VendorId,
                        principalTable: "Vendors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CoverageSnapshots",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    VendorId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    AssessmentId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Stamp = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Supported = table.Column<int>(type: "int", nullable: false),
                    Weak = table.Column<int>(type: "int", nullable: false),
                    Missing = table.Column<int>(type: "int", nullable: false),
                    ComputedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CoverageSnapshots", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CoverageSnapshots_Vendors_VendorId",
                        column: x => x.VendorId,
                        principalTable: "Vendors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CoverageEntries_TenantId",
                table: "CoverageEntries",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_CoverageEntries_TenantId_ControlId_Status",
                table: "CoverageEntries",
                columns: new[] { "TenantId", "ControlId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_CoverageEntries_TenantId_VendorId_ControlId",
                table: "CoverageEntries",
                columns: new[] { "TenantId", "VendorId", "ControlId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CoverageEntries_VendorId",
                table: "CoverageEntries",
                column: "VendorId");

            migrationBuilder.CreateIndex(
                name: "IX_CoverageSnapshots_TenantId",
                table: "CoverageSnapshots",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_CoverageSnapshots_TenantId_VendorId",
                table: "CoverageSnapshots",
                columns: new[] { "TenantId", "VendorId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CoverageSnapshots_VendorId",
                table: "CoverageSnapshots",
                column: "VendorId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CoverageEntries");

            migrationBuilder.DropTable(
                name: "CoverageSnapshots");
        }
    }
}
