using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VendorRisk.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WorkflowInstances : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "WorkflowInstance",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AssessmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DefinitionId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    DefinitionVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    DefinitionHash = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    RequesterUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StateJson = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CurrentActivityId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Result = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    ResidualRisk = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkflowInstance", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WorkflowInstance_Assessments_AssessmentId",
                        column: x => x.AssessmentId,
                        principalTable: "Assessments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WorkflowJournalEntry",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    InstanceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    FromActivityId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ToActivityId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    ByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkflowJournalEntry", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WorkflowJournalEntry_WorkflowInstance_InstanceId",
                        column: x => x.InstanceId,
                        principalTable: "WorkflowInstance",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WorkflowTask",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    InstanceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AssessmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TaskId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ActivityId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    AssigneeUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AssigneeRole = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    EscalatedToRole = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    DecidedByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkflowTask", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WorkflowTask_WorkflowInstance_InstanceId",
                        column: x => x.InstanceId,
                        principalTable: "WorkflowInstance",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WorkflowTimer",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    InstanceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TimerId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    TaskId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    FiredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CancelledAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkflowTimer", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WorkflowTimer_WorkflowInstance_InstanceId",
                        column: x => x.InstanceId,
                        principalTable: "WorkflowInstance",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WorkflowVote",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkflowTaskId = table.Column<Guid>(type: "TEXT", nullable: false),
                    VoterUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Vote = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Conditions = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ConditionsOwner = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ConditionsDueOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkflowVote", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WorkflowVote_WorkflowTask_WorkflowTaskId",
                        column: x => x.WorkflowTaskId,
                        principalTable: "WorkflowTask",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowInstance_AssessmentId",
                table: "WorkflowInstance",
                column: "AssessmentId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowInstance_TenantId",
                table: "WorkflowInstance",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowJournalEntry_InstanceId_Sequence",
                table: "WorkflowJournalEntry",
                columns: new[] { "InstanceId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowJournalEntry_TenantId",
                table: "WorkflowJournalEntry",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowTask_InstanceId_TaskId",
                table: "WorkflowTask",
                columns: new[] { "InstanceId", "TaskId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowTask_TenantId",
                table: "WorkflowTask",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowTask_TenantId_AssigneeUserId_Outcome",
                table: "WorkflowTask",
                columns: new[] { "TenantId", "AssigneeUserId", "Outcome" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowTimer_FiredAt_CancelledAt_DueAt",
                table: "WorkflowTimer",
                columns: new[] { "FiredAt", "CancelledAt", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowTimer_InstanceId_TimerId",
                table: "WorkflowTimer",
                columns: new[] { "InstanceId", "TimerId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowTimer_TenantId",
                table: "WorkflowTimer",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowVote_TenantId",
                table: "WorkflowVote",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowVote_WorkflowTaskId_VoterUserId",
                table: "WorkflowVote",
                columns: new[] { "WorkflowTaskId", "VoterUserId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "WorkflowJournalEntry");

            migrationBuilder.DropTable(
                name: "WorkflowTimer");

            migrationBuilder.DropTable(
                name: "WorkflowVote");

            migrationBuilder.DropTable(
                name: "WorkflowTask");

            migrationBuilder.DropTable(
                name: "WorkflowInstance");
        }
    }
}
