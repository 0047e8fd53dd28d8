using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TenantSessions.Infrastructure.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class PurgeIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Sessions_ExpiresAt",
                table: "Sessions");

            migrationBuilder.DropIndex(
                name: "IX_Sessions_RevokedAt",
                table: "Sessions");

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_RevokedAt_AbsoluteExpiresAt",
                table: "Sessions",
                columns: new[] { "RevokedAt", "AbsoluteExpiresAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_RevokedAt_ExpiresAt",
                table: "Sessions",
                columns: new[] { "RevokedAt", "ExpiresAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Sessions_RevokedAt_AbsoluteExpiresAt",
                table: "Sessions");

            migrationBuilder.DropIndex(
                name: "IX_Sessions_RevokedAt_ExpiresAt",
                table: "Sessions");

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_ExpiresAt",
                table: "Sessions",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_RevokedAt",
                table: "Sessions",
                column: "RevokedAt");
        }
    }
}
