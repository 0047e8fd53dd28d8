using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TenantSessions.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TenantSuspendedBy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "SuspendedBy",
                table: "Tenants",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SuspendedBy",
                table: "Tenants");
        }
    }
}
