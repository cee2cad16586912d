using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VendorRisk.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReassessmentsAndIncidents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Incidents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    VendorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DetectedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReportedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AiSystemIdsJson = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    DataAffected = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ActionsTaken = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    LessonsLearned = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ReportedByUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReportedByVendor = table.Column<bool>(type: "INTEGER", nullable: false),
                    NotificationWindowHours = table.Column<int>(type: "INTEGER", nullable: false),
                    NotificationWindowSource = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Incidents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Incidents_Vendors_VendorId",
                        column: x => x.VendorId,
                        principalTable: "Vendors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReassessmentOccurrences",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    VendorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    AssessmentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ProposalId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReassessmentOccurrences", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReassessmentOccurrences_Vendors_VendorId",
                        column: x => x.VendorId,
                        principalTable: "Vendors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReassessmentPolicies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CriticalMonths = table.Column<int>(type: "INTEGER", nullable: false),
                    HighMonths = table.Column<int>(type: "INTEGER", nullable: false),
                    MediumMonths = table.Column<int>(type: "INTEGER", nullable: false),
                    LowMonths = table.Column<int>(type: "INTEGER", nullable: false),
                    LeadTimeDays = table.Column<int>(type: "INTEGER", nullable: false),
                    Mode = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    IncidentNotificationHours = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    UpdatedByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReassessmentPolicies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReassessmentPolicies_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReassessmentSchedules",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    VendorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    BasedOnAssessmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DecidedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Tier = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    IntervalMonths = table.Column<int>(type: "INTEGER", nullable: false),
                    CadenceDueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    AcceptanceExpiresOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    SetAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReassessmentSchedules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReassessmentSchedules_Vendors_VendorId",
                        column: x => x.VendorId,
                        principalTable: "Vendors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReviewProposals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    VendorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Trigger = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    SourceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SourceKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DecidedByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    DismissalReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    AssessmentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewProposals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReviewProposals_Vendors_VendorId",
                        column: x => x.VendorId,
                        principalTable: "Vendors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_TenantId",
                table: "Incidents",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_TenantId_Status_ReportedAt",
                table: "Incidents",
                columns: new[] { "TenantId", "Status", "ReportedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_TenantId_VendorId_ReportedAt",
                table: "Incidents",
                columns: new[] { "TenantId", "VendorId", "ReportedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_VendorId",
                table: "Incidents",
                column: "VendorId");

            migrationBuilder.CreateIndex(
                name: "IX_ReassessmentOccurrences_TenantId",
                table: "ReassessmentOccurrences",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_ReassessmentOccurrences_TenantId_VendorId_DueOn",
                table: "ReassessmentOccurrences",
                columns: new[] { "TenantId", "VendorId", "DueOn" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReassessmentOccurrences_VendorId",
                table: "ReassessmentOccurrences",
                column: "VendorId");

            migrationBuilder.CreateIndex(
                name: "IX_ReassessmentPolicies_TenantId",
                table: "ReassessmentPolicies",
                column: "TenantId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReassessmentSchedules_TenantId",
                table: "ReassessmentSchedules",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_ReassessmentSchedules_TenantId_DueOn",
                table: "ReassessmentSchedules",
                columns: new[] { "TenantId", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_ReassessmentSchedules_VendorId",
                table: "ReassessmentSchedules",
                column: "VendorId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReviewProposals_TenantId",
                table: "ReviewProposals",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewProposals_TenantId_Status_CreatedAt",
                table: "ReviewProposals",
                columns: new[] { "TenantId", "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ReviewProposals_TenantId_VendorId_Trigger_SourceKey",
                table: "ReviewProposals",
                columns: new[] { "TenantId", "VendorId", "Trigger", "SourceKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReviewProposals_VendorId",
                table: "ReviewProposals",
                column: "VendorId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Incidents");

            migrationBuilder.DropTable(
                name: "ReassessmentOccurrences");

            migrationBuilder.DropTable(
                name: "ReassessmentPolicies");

            migrationBuilder.DropTable(
                name: "ReassessmentSchedules");

            migrationBuilder.DropTable(
                name: "ReviewProposals");
        }
    }
}
