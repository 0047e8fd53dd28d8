using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TenantSessions.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DropImpersonatedBy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // SQLite's own DROP COLUMN (3.35+), not EF's table rebuild: a rebuild copies the columns this migration's model
            // knows, and would drop any column another migration added to Sessions in the meantime.
            migrationBuilder.Sql("ALTER TABLE \"Sessions\" DROP COLUMN \"ImpersonatedBy\";", suppressTransaction: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "ImpersonatedBy",
                table: "Sessions",
                type: "TEXT",
                nullable: true);
        }
    }
}
