using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VendorRisk.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class VendorInventory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "BusinessOwnerUserId",
                table: "Vendors",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ComputedTier",
                table: "Vendors",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Criticality",
                table: "Vendors",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "InherentTier",
                table: "Vendors",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TierOverrideJustification",
                table: "Vendors",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "TieredAt",
                table: "Vendors",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AiSystems",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    VendorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ProfileJson = table.Column<string>(type: "TEXT", nullable: false),
                    RevisionNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AiSystems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AiSystems_Vendors_VendorId",
                        column: x => x.VendorId,
                        principalTable: "Vendors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "VendorContacts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    VendorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    JobTitle = table.Column<string>(type: "TEXT", maxLength: 120, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VendorContacts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VendorContacts_Vendors_VendorId",
                        column: x => x.VendorId,
                        principalTable: "Vendors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "VendorDocuments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    VendorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    IssuedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ExpiresOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VendorDocuments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VendorDocuments_Vendors_VendorId",
                        column: x => x.VendorId,
                        principalTable: "Vendors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AiSystemDependencies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AiSystemId = table.Column<Guid>(type: "TEXT", nullable: false),
                    VendorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AiSystemDependencies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AiSystemDependencies_AiSystems_AiSystemId",
                        column: x => x.AiSystemId,
                        principalTable: "AiSystems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AiSystemRevisions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AiSystemId = table.Column<Guid>(type: "TEXT", nullable: false),
                    VendorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    ProfileJson = table.Column<string>(type: "TEXT", nullable: false),
                    ChangesJson = table.Column<string>(type: "TEXT", nullable: false),
                    IsMaterial = table.Column<bool>(type: "INTEGER", nullable: false),
                    ChangedByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ChangedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AiSystemRevisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AiSystemRevisions_AiSystems_AiSystemId",
                        column: x => x.AiSystemId,
                        principalTable: "AiSystems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Vendors_BusinessOwnerUserId",
                table: "Vendors",
                column: "BusinessOwnerUserId");

            migrationBuilder.CreateIndex(
                name: "IX_Vendors_TenantId_BusinessOwnerUserId",
                table: "Vendors",
                columns: new[] { "TenantId", "BusinessOwnerUserId" });

            migrationBuilder.CreateIndex(
                name: "IX_Vendors_TenantId_InherentTier",
                table: "Vendors",
                columns: new[] { "TenantId", "InherentTier" });

            migrationBuilder.CreateIndex(
                name: "IX_Vendors_TenantId_Status",
                table: "Vendors",
                columns: new[] { "TenantId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_AiSystemDependencies_AiSystemId",
                table: "AiSystemDependencies",
                column: "AiSystemId");

            migrationBuilder.CreateIndex(
                name: "IX_AiSystemDependencies_TenantId",
                table: "AiSystemDependencies",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_AiSystemDependencies_TenantId_Kind_Name",
                table: "AiSystemDependencies",
                columns: new[] { "TenantId", "Kind", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_AiSystemRevisions_AiSystemId_Number",
                table: "AiSystemRevisions",
                columns: new[] { "AiSystemId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AiSystemRevisions_TenantId",
                table: "AiSystemRevisions",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_AiSystemRevisions_TenantId_IsMaterial_ChangedAt",
                table: "AiSystemRevisions",
                columns: new[] { "TenantId", "IsMaterial", "ChangedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AiSystems_TenantId",
                table: "AiSystems",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_AiSystems_VendorId",
                table: "AiSystems",
                column: "VendorId");

            migrationBuilder.CreateIndex(
                name: "IX_VendorContacts_TenantId",
                table: "VendorContacts",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_VendorContacts_VendorId_Email",
                table: "VendorContacts",
                columns: new[] { "VendorId", "Email" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_VendorDocuments_TenantId",
                table: "VendorDocuments",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_VendorDocuments_TenantId_ExpiresOn",
                table: "VendorDocuments",
                columns: new[] { "TenantId", "ExpiresOn" });

            migrationBuilder.CreateIndex(
                name: "IX_VendorDocuments_VendorId",
                table: "VendorDocuments",
                column: "VendorId");

            migrationBuilder.AddForeignKey(
                name: "FK_Vendors_AspNetUsers_BusinessOwnerUserId",
                table: "Vendors",
                column: "BusinessOwnerUserId",
                principalTable: "AspNetUsers",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Vendors_AspNetUsers_BusinessOwnerUserId",
                table: "Vendors");

            migrationBuilder.DropTable(
                name: "AiSystemDependencies");

            migrationBuilder.DropTable(
                name: "AiSystemRevisions");

            migrationBuilder.DropTable(
                name: "VendorContacts");

            migrationBuilder.DropTable(
                name: "VendorDocuments");

            migrationBuilder.DropTable(
                name: "AiSystems");

            migrationBuilder.DropIndex(
                name: "IX_Vendors_BusinessOwnerUserId",
                table: "Vendors");

            migrationBuilder.DropIndex(
                name: "IX_Vendors_TenantId_BusinessOwnerUserId",
                table: "Vendors");

            migrationBuilder.DropIndex(
                name: "IX_Vendors_TenantId_InherentTier",
                table: "Vendors");

            migrationBuilder.DropIndex(
                name: "IX_Vendors_TenantId_Status",
                table: "Vendors");

            migrationBuilder.DropColumn(
                name: "BusinessOwnerUserId",
                table: "Vendors");

            migrationBuilder.DropColumn(
                name: "ComputedTier",
                table: "Vendors");

            migrationBuilder.DropColumn(
                name: "Criticality",
                table: "Vendors");

            migrationBuilder.DropColumn(
                name: "InherentTier",
                table: "Vendors");

            migrationBuilder.DropColumn(
                name: "TierOverrideJustification",
                table: "Vendors");

            migrationBuilder.DropColumn(
                name: "TieredAt",
                table: "Vendors");
        }
    }
}
