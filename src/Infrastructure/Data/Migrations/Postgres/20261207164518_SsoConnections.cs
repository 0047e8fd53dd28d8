using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TenantSessions.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SsoConnections : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SsoConnections",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProviderId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    DisplayName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Issuer = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    Domain = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    DomainVerified = table.Column<bool>(type: "boolean", nullable: false),
                    ClientId = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    ProtectedClientSecret = table.Column<string>(type: "character varying(4096)", maxLength: 4096, nullable: false),
                    Scopes = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    Pkce = table.Column<bool>(type: "boolean", nullable: false),
                    DiscoveryEndpoint = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    AuthorizationEndpoint = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    TokenEndpoint = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    UserInfoEndpoint = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    JwksEndpoint = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    EndSessionEndpoint = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    EmailClaim = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    EmailVerifiedClaim = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    NameClaim = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    DefaultRole = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SsoConnections", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SsoLogoutTokens",
                columns: table => new
                {
                    ConnectionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Jti = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SsoLogoutTokens", x => new { x.ConnectionId, x.Jti });
                });

            migrationBuilder.CreateTable(
                name: "SsoSessionLinks",
                columns: table => new
                {
                    SessionId = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ConnectionId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Issuer = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    Subject = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    IdpSessionId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SsoSessionLinks", x => x.SessionId);
                    table.ForeignKey(
                        name: "FK_SsoSessionLinks_Sessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "Sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SsoSessionLinks_SsoConnections_ConnectionId",
                        column: x => x.ConnectionId,
                        principalTable: "SsoConnections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SsoConnections_TenantId_ProviderId",
                table: "SsoConnections",
                columns: new[] { "TenantId", "ProviderId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SsoLogoutTokens_ExpiresAt",
                table: "SsoLogoutTokens",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_SsoSessionLinks_ConnectionId_IdpSessionId",
                table: "SsoSessionLinks",
                columns: new[] { "ConnectionId", "IdpSessionId" });

            migrationBuilder.CreateIndex(
                name: "IX_SsoSessionLinks_ConnectionId_Subject",
                table: "SsoSessionLinks",
                columns: new[] { "ConnectionId", "Subject" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SsoLogoutTokens");

            migrationBuilder.DropTable(
                name: "SsoSessionLinks");

            migrationBuilder.DropTable(
                name: "SsoConnections");
        }
    }
}
