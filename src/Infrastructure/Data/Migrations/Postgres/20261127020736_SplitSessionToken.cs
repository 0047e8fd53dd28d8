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
            // Tokens issued before this migration have no session id in them and can never be presented again: end
            // their sessions, so they neither show as live in session lists nor count towards a concurrency cap.
            migrationBuilder.Sql("""UPDATE "Sessions" SET "RevokedAt" = now(), "RevokeReason" = 'REVOKED_BY_PLATFORM' WHERE "RevokedAt" IS NULL AND "ExpiresAt" > now();""");

            migrationBuilder.DropIndex(
                name: "IX_Sessions_TokenHash",
                table: "Sessions");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The sessions ended by Up stay ended: their tokens would not verify against either scheme.
            migrationBuilder.CreateIndex(
                name: "IX_Sessions_TokenHash",
                table: "Sessions",
                column: "TokenHash",
                unique: true);
        }
    }
}
