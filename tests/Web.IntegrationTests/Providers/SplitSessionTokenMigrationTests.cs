using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Models;
using TenantSessions.Infrastructure.Data;
using TenantSessions.Web.IntegrationTests.Infrastructure;

namespace TenantSessions.Web.IntegrationTests.Providers;

/// <summary>
/// <c>SplitSessionToken</c> on a database with sessions from before it: their tokens can never be presented again, so
/// the live ones end (not listed as live, not counted towards a cap); expired and already-ended ones are left as they were.
/// </summary>
public sealed class SplitSessionTokenMigrationTests
{
    private static readonly Guid Live = Guid.Parse("00000000-0000-7000-8000-000000000001");
    private static readonly Guid Expired = Guid.Parse("00000000-0000-7000-8000-000000000002");
    private static readonly Guid Revoked = Guid.Parse("00000000-0000-7000-8000-000000000003");

    [Fact]
    public async Task OnSqliteLiveSessionsFromBeforeTheMigrationEndAndOthersStayAsTheyWere()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tenantsessions-migration-{Guid.NewGuid():N}.db");
        try
        {
            var options = new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={path};Pooling=false").Options;
            await using var context = new SqliteAppDbContext(options, NoTenant.Instance);
            static object Ticks(DateTimeOffset at) => at.UtcTicks;

            var sessions = await MigrateAroundAsync(context, Ticks);

            AssertOutcome(sessions);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    [Fact]
    public async Task OnPostgresLiveSessionsFromBeforeTheMigrationEndAndOthersStayAsTheyWere()
    {
        var database = $"tenantsessions_migration_{Guid.NewGuid():N}"[..40];
        await ExecuteOnServerAsync($"CREATE DATABASE \"{database}\"");
        try
        {
            var options = new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(TestEnvironment.PostgresConnectionString(database)).Options;
            await using var context = new PostgresAppDbContext(options, NoTenant.Instance);
            static object Instant(DateTimeOffset at) => at;

            var sessions = await MigrateAroundAsync(context, Instant);

            AssertOutcome(sessions);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        }
    }

    /// <summary>Migrates to the migration before <c>SplitSessionToken</c>, writes three sessions the old way, migrates to the end.</summary>
    private static async Task<Dictionary<Guid, (bool Revoked, string? Reason)>> MigrateAroundAsync(AppDbContext context, Func<DateTimeOffset, object> instant)
    {
        var migrations = context.Database.GetMigrations().ToList();
        var split = migrations.FindIndex(m => m.EndsWith("_SplitSessionToken", StringComparison.Ordinal));
        Assert.True(split > 0, "SplitSessionToken follows an earlier migration");
        var migrator = context.GetService<IMigrator>();
        await migrator.MigrateAsync(migrations[split - 1]);

        var now = DateTimeOffset.UtcNow;
        await InsertAsync(context, Live, now.AddDays(-1), now.AddDays(6), null, instant);
        await InsertAsync(context, Expired, now.AddDays(-9), now.AddDays(-2), null, instant);
        await InsertAsync(context, Revoked, now.AddDays(-3), now.AddDays(4), now.AddDays(-2), instant);

        await migrator.MigrateAsync();

        return await context.Sessions.IgnoreQueryFilters().AsNoTracking()
            .ToDictionaryAsync(s => s.Id, s => (s.RevokedAt != null, s.RevokeReason));
    }

    private static void AssertOutcome(Dictionary<Guid, (bool Revoked, string? Reason)> sessions)
    {
        Assert.Equal((true, "REVOKED_BY_PLATFORM"), sessions[Live]);
        Assert.Equal((false, (string?)null), sessions[Expired]);
        Assert.Equal((true, "SIGNED_OUT"), sessions[Revoked]);
    }

    private static async Task InsertAsync(AppDbContext context, Guid id, DateTimeOffset createdAt, DateTimeOffset expiresAt, DateTimeOffset? revokedAt, Func<DateTimeOffset, object> instant)
    {
        var created = instant(createdAt);
        var expires = instant(expiresAt);
        var absolute = instant(expiresAt.AddDays(20));
        var revoked = revokedAt is { } at ? instant(at) : null;
        var reason = revokedAt is null ? null : "SIGNED_OUT";
        var hash = new byte[32];
        id.TryWriteBytes(hash);
        await context.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO "Sessions" ("Id", "TokenHash", "TenantId", "UserId", "CreatedAt", "AuthenticatedAt", "UpdatedAt", "LastSeenAt",
                "ExpiresAt", "AbsoluteExpiresAt", "IpAddress", "UserAgent", "DeviceLabel", "IsPersistent", "RevokedAt", "RevokeReason")
            VALUES ({id}, {hash}, NULL, {Guid.CreateVersion7()}, {created}, {created}, {created}, {created},
                {expires}, {absolute}, '203.0.113.7', 'Mozilla/5.0', 'Firefox on Linux', {true}, {revoked}, {reason})
            """);
    }

    private sealed class NoTenant : ICurrentTenant
    {
        public static readonly NoTenant Instance = new();

        public TenantInfo? Tenant => null;

        public bool IsPlatformHost => true;
    }

    private static async Task ExecuteOnServerAsync(string sql)
    {
        await using var admin = new NpgsqlConnection(TestEnvironment.PostgresConnectionString("postgres"));
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }
}
