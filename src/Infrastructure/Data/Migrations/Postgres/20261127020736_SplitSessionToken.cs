using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TenantSessions.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SplitSessionToken : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Sessions_TokenHash",
                table: "Sessions");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Sessions_TokenHash",
                table: "Sessions",
                column: "TokenHash",
                unique: true);
        }
    }
}
