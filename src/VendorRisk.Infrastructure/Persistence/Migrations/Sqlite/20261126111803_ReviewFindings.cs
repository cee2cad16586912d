using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VendorRisk.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReviewFindings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ReviewFindings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AssessmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    InstanceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Severity = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    LinkedItemIdsJson = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    Treatment = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    TreatmentPlan = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    OwnerKind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    OwnerUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    RaisedByUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RaisedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RemediationPlan = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    RemediationTargetOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    RemediationByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RemediationAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ResolutionNote = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ResolvedByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ResolvedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewFindings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReviewFindings_AspNetUsers_OwnerUserId",
                        column: x => x.OwnerUserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ReviewFindings_AspNetUsers_RaisedByUserId",
                        column: x => x.RaisedByUserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ReviewFindings_Assessments_AssessmentId",
                        column: x => x.AssessmentId,
                        principalTable: "Assessments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ReviewFindings_AssessmentId",
                table: "ReviewFindings",
                column: "AssessmentId");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewFindings_InstanceId",
                table: "ReviewFindings",
                column: "InstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewFindings_OwnerUserId",
                table: "ReviewFindings",
                column: "OwnerUserId");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewFindings_RaisedByUserId",
                table: "ReviewFindings",
                column: "RaisedByUserId");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewFindings_TenantId",
                table: "ReviewFindings",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewFindings_TenantId_AssessmentId_Status",
                table: "ReviewFindings",
                columns: new[] { "TenantId", "AssessmentId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_ReviewFindings_TenantId_OwnerUserId_Status",
                table: "ReviewFindings",
                columns: new[] { "TenantId", "OwnerUserId", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReviewFindings");
        }
    }
}
