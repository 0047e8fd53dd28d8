using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using TenantSessions.Infrastructure.Data;
using TenantSessions.Infrastructure.SessionEngine.Feed;

namespace TenantSessions.Web.IntegrationTests.Providers;

/// <summary>One migrations set per provider, built from the design-time factories that <c>dotnet ef</c> uses.</summary>
public sealed class MigrationTests
{
    public static TheoryData<string> Providers => new() { "Sqlite", "Postgres", "SqlServer" };

    [Theory]
    [MemberData(nameof(Providers))]
    public void NoProviderHasPendingModelChanges(string provider)
    {
        using var context = DesignTimeContext(provider);

        Assert.False(
            context.Database.HasPendingModelChanges(),
            $"the {provider} model differs from its last migration: run dotnet ef migrations add <Name> --context {context.GetType().Name} --output-dir Data/Migrations/{provider}, or scripts/add-migration.sh <Name> for all three");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void EveryProviderHasItsOwnMigrations(string provider)
    {
        using var context = DesignTimeContext(provider);

        var migrations = context.Database.GetMigrations().ToList();

        Assert.NotEmpty(migrations);
        Assert.EndsWith("_Initial", migrations[0]);
        Assert.All(context.GetService<IMigrationsAssembly>().Migrations.Values, type => Assert.EndsWith($".Migrations.{provider}", type.Namespace));
    }

    [Fact]
    public void TheSqlServerIdempotentScriptCreatesTheSessionSchemaBehindGuards()
    {
        using var context = new SqlServerDesignTimeFactory().CreateDbContext([]);

        var script = context.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("CREATE TABLE [Tenants]", script);
        Assert.Contains("CREATE TABLE [Sessions]", script);
        Assert.Contains("CREATE TABLE [RevocationFeed]", script);
        Assert.Contains("[Id] bigint NOT NULL IDENTITY", script);
        Assert.Contains("[TokenHash] varbinary(32) NOT NULL", script);
        Assert.Contains("CREATE TABLE [DataProtectionKeys]", script);
        Assert.Contains("CREATE TABLE [CookieCacheKeys]", script);
        Assert.Contains("CREATE TABLE [EmailOutbox]", script);
        Assert.Contains("CREATE TABLE [AccountTokens]", script);
        Assert.Contains("CREATE UNIQUE INDEX [IX_AccountTokens_TokenHash]", script);
        Assert.Contains("CREATE TABLE [PasskeyChallenges]", script);
        Assert.Contains("[DeadAt] datetimeoffset NULL", script);
        Assert.Contains("IF OBJECT_ID(N'[__EFMigrationsHistory]') IS NULL", script);
        foreach (var migration in context.Database.GetMigrations())
        {
            Assert.Contains($"IF NOT EXISTS (\n    SELECT * FROM [__EFMigrationsHistory]\n    WHERE [MigrationId] = N'{migration}'\n)", script.ReplaceLineEndings("\n"));
        }

        var artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts"));
        File.WriteAllText(Path.Combine(artifacts.FullName, "sqlserver-migrations.sql"), script);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void TheFeedPollQueryTranslatesWithParametersNotLiterals(string provider)
    {
        using var context = DesignTimeContext(provider);
        var cursor = new FeedCursor();
        cursor.Reset(1_000_000);
        cursor.Observe(1_000_003, DateTimeOffset.UnixEpoch);

        var sql = RevocationFeedPoller.NextBatch(context.RevocationFeed, cursor, 500).ToQueryString();
        var statement = sql[sql.IndexOf("SELECT", StringComparison.Ordinal)..];

        Assert.Contains("-- " + RevocationFeedPoller.QueryTag, sql);
        Assert.Contains("RevocationFeed", statement);
        Assert.Contains("@watermark", statement);
        Assert.Contains("@from1", statement);
        Assert.Contains($"@to{FeedCursor.MaxGaps}", statement);
        Assert.DoesNotContain("1000003", statement);
    }

    private static AppDbContext DesignTimeContext(string provider) => provider switch
    {
        "Sqlite" => new SqliteDesignTimeFactory().CreateDbContext([]),
        "Postgres" => new PostgresDesignTimeFactory().CreateDbContext([]),
        "SqlServer" => new SqlServerDesignTimeFactory().CreateDbContext([]),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };
}
