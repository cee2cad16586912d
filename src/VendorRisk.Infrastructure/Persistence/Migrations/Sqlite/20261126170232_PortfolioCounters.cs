using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VendorRisk.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PortfolioCounters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AiSystemDependencies_TenantId_Kind_Name",
                table: "AiSystemDependencies");

            migrationBuilder.AddColumn<string>(
                name: "NameKey",
                table: "AiSystemDependencies",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "PartyConcentrations",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    NameKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Vendors = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartyConcentrations", x => new { x.TenantId, x.Kind, x.NameKey });
                });

            migrationBuilder.CreateTable(
                name: "PortfolioCounters",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Value = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PortfolioCounters", x => new { x.TenantId, x.Name });
                });

            migrationBuilder.CreateIndex(
                name: "IX_AiSystemDependencies_TenantId_Kind_NameKey_VendorId",
                table: "AiSystemDependencies",
                columns: new[] { "TenantId", "Kind", "NameKey", "VendorId" });

            migrationBuilder.CreateIndex(
                name: "IX_PartyConcentrations_TenantId",
                table: "PartyConcentrations",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_PartyConcentrations_TenantId_Kind_Vendors",
                table: "PartyConcentrations",
                columns: new[] { "TenantId", "Kind", "Vendors" });

            migrationBuilder.CreateIndex(
                name: "IX_PortfolioCounters_TenantId",
                table: "PortfolioCounters",
                column: "TenantId");

            // Dependencies recorded before names had a key, then a recount of every counter at the next start-up (ADR-019).
            migrationBuilder.Sql(VendorRisk.Infrastructure.Portfolio.PortfolioCounters.NameKeyBackfillSql(sqlServer: false));
            migrationBuilder.Sql(VendorRisk.Infrastructure.Portfolio.PortfolioCounters.RequestRebuildSql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PartyConcentrations");

            migrationBuilder.DropTable(
                name: "PortfolioCounters");

            migrationBuilder.DropIndex(
                name: "IX_AiSystemDependencies_TenantId_Kind_NameKey_VendorId",
                table: "AiSystemDependencies");

            migrationBuilder.DropColumn(
                name: "NameKey",
                table: "AiSystemDependencies");

            migrationBuilder.CreateIndex(
                name: "IX_AiSystemDependencies_TenantId_Kind_Name",
                table: "AiSystemDependencies",
                columns: new[] { "TenantId", "Kind", "Name" });
        }
    }
}
