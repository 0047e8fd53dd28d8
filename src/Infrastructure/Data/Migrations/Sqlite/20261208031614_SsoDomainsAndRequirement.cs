using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TenantSessions.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SsoDomainsAndRequirement : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "SsoBreakGlassUserId",
                table: "Tenants",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "SsoRequired",
                table: "Tenants",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "DomainVerificationExpiresAt",
                table: "SsoConnections",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DomainVerificationToken",
                table: "SsoConnections",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DomainVerifiedAt",
                table: "SsoConnections",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DomainVerifiedBy",
                table: "SsoConnections",
                type: "TEXT",
                maxLength: 16,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SsoBreakGlassUserId",
                table: "Tenants");

            migrationBuilder.DropColumn(
                name: "SsoRequired",
                table: "Tenants");

            migrationBuilder.DropColumn(
                name: "DomainVerificationExpiresAt",
                table: "SsoConnections");

            migrationBuilder.DropColumn(
                name: "DomainVerificationToken",
                table: "SsoConnections");

            migrationBuilder.DropColumn(
                name: "DomainVerifiedAt",
                table: "SsoConnections");

            migrationBuilder.DropColumn(
                name: "DomainVerifiedBy",
                table: "SsoConnections");
        }
    }
}
