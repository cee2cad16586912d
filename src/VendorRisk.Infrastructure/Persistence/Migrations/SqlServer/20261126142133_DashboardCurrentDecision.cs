using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VendorRisk.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class DashboardCurrentDecision : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DecidedAt",
                table: "Vendors",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "DecisionAssessmentId",
                table: "Vendors",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DecisionStatus",
                table: "Vendors",
                type: "nvarchar(30)",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ResidualAssessmentId",
                table: "Vendors",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ResidualDecidedAt",
                table: "Vendors",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ResidualImpact",
                table: "Vendors",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ResidualLikelihood",
                table: "Vendors",
                type: "int",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Vendors_TenantId_DecisionStatus",
                table: "Vendors",
                columns: new[] { "TenantId", "DecisionStatus" });

            migrationBuilder.CreateIndex(
                name: "IX_Vendors_TenantId_ResidualLikelihood_ResidualImpact",
                table: "Vendors",
                columns: new[] { "TenantId", "ResidualLikelihood", "ResidualImpact" });

            migrationBuilder.CreateIndex(
                name: "IX_ReviewFindings_TenantId_Status_DueOn",
                table: "ReviewFindings",
                columns: new[] { "TenantId", "Status", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_Assessments_TenantId_DecidedAt_ResidualLikelihood_ResidualImpact",
                table: "Assessments",
                columns: new[] { "TenantId", "DecidedAt", "ResidualLikelihood", "ResidualImpact" });

            // The vendors' current decision and residual rating from the assessments decided so far (ADR-015).
            migrationBuilder.Sql(VendorRisk.Infrastructure.Assessments.CurrentDecision.BackfillSql(sqlServer: true));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Vendors_TenantId_DecisionStatus",
                table: "Vendors");

            migrationBuilder.DropIndex(
                name: "IX_Vendors_TenantId_ResidualLikelihood_ResidualImpact",
                table: "Vendors");

            migrationBuilder.DropIndex(
                name: "IX_ReviewFindings_TenantId_Status_DueOn",
                table: "ReviewFindings");

            migrationBuilder.DropIndex(
                name: "IX_Assessments_TenantId_DecidedAt_ResidualLikelihood_ResidualImpact",
                table: "Assessments");

            migrationBuilder.DropColumn(
                name: "DecidedAt",
                table: "Vendors");

            migrationBuilder.DropColumn(
                name: "DecisionAssessmentId",
                table: "Vendors");

            migrationBuilder.DropColumn(
                name: "DecisionStatus",
                table: "Vendors");

            migrationBuilder.DropColumn(
                name: "ResidualAssessmentId",
                table: "Vendors");

            migrationBuilder.DropColumn(
                name: "ResidualDecidedAt",
                table: "Vendors");

            migrationBuilder.DropColumn(
                name: "ResidualImpact",
                table: "Vendors");

            migrationBuilder.DropColumn(
                name: "ResidualLikelihood",
                table: "Vendors");
        }
    }
}
