using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VendorRisk.Infrastructure.Persistence.Migrations.SqlServer
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
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    AssessmentId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    DefinitionId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    DefinitionVersion = table.Column<int>(type: "int", nullable: false),
                    DefinitionHash = table.Column<string>(type: "nvarchar(80)", maxLength: 80, nullable: false),
                    RequesterUserId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    StateJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Status = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    CurrentActivityId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    Result = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: true),
                    ResidualRisk = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: true),
                    StartedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    FinishedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    Version = table.Column<int>(type: "int", nullable: false)
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
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    InstanceId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Sequence = table.Column<int>(type: "int", nullable: false),
                    FromActivityId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    ToActivityId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    Outcome = table.Column<string>(type: "nvarchar(60)", maxLength: 60, nullable: false),
                    ByUserId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    At = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
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
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    InstanceId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    AssessmentId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TaskId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    ActivityId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Title = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: false),
                    Note = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    AssigneeUserId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    AssigneeRole = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    EscalatedToRole = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    DueAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    Outcome = table.Column<string>(type: "nvarchar(60)", maxLength: 60, nullable: true),
                    DecidedByUserId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    IdempotencyKey = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    Comment = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true)
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
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    InstanceId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TimerId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    TaskId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    DueAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Purpose = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    FiredAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    CancelledAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true)
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
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    WorkflowTaskId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    VoterUserId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Vote = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    Conditions = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    ConditionsOwner = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    ConditionsDueOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Reason = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
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
