using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VendorRisk.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ContractNoticeDeadlinesAndDueCorrections : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ObligationReminder_OccurrenceId_Step",
                table: "ObligationReminder");

            migrationBuilder.AddColumn<int>(
                name: "DueRevision",
                table: "ObligationReminder",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "DueRevision",
                table: "ObligationOccurrence",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "ContractReminder",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ContractId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DeadlineOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Step = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Recipients = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContractReminder", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ContractReminder_Contract_ContractId",
                        column: x => x.ContractId,
                        principalTable: "Contract",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ObligationReminder_OccurrenceId_DueRevision_Step",
                table: "ObligationReminder",
                columns: new[] { "OccurrenceId", "DueRevision", "Step" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ContractReminder_ContractId_Kind_DeadlineOn_Step",
                table: "ContractReminder",
                columns: new[] { "ContractId", "Kind", "DeadlineOn", "Step" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ContractReminder_TenantId",
                table: "ContractReminder",
                column: "TenantId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ContractReminder");

            migrationBuilder.DropIndex(
                name: "IX_ObligationReminder_OccurrenceId_DueRevision_Step",
                table: "ObligationReminder");

            migrationBuilder.DropColumn(
                name: "DueRevision",
                table: "ObligationReminder");

            migrationBuilder.DropColumn(
                name: "DueRevision",
                table: "ObligationOccurrence");

            migrationBuilder.CreateIndex(
                name: "IX_ObligationReminder_OccurrenceId_Step",
                table: "ObligationReminder",
                columns: new[] { "OccurrenceId", "Step" },
                unique: true);
        }
    }
}
