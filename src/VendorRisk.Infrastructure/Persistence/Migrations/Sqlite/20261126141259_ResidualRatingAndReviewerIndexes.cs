using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VendorRisk.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ResidualRatingAndReviewerIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ResidualImpact",
                table: "Assessments",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ResidualLikelihood",
                table: "Assessments",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ResidualRatedAt",
                table: "Assessments",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowTask_TenantId_ActivityId_CreatedAt",
                table: "WorkflowTask",
                columns: new[] { "TenantId", "ActivityId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowTask_TenantId_Outcome_AssigneeUserId",
                table: "WorkflowTask",
                columns: new[] { "TenantId", "Outcome", "AssigneeUserId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WorkflowTask_TenantId_ActivityId_CreatedAt",
                table: "WorkflowTask");

            migrationBuilder.DropIndex(
                name: "IX_WorkflowTask_TenantId_Outcome_AssigneeUserId",
                table: "WorkflowTask");

            migrationBuilder.DropColumn(
                name: "ResidualImpact",
                table: "Assessments");

            migrationBuilder.DropColumn(
                name: "ResidualLikelihood",
                table: "Assessments");

            migrationBuilder.DropColumn(
                name: "ResidualRatedAt",
                table: "Assessments");
        }
    }
}
