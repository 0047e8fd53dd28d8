using TenantSessions.Infrastructure.Data;
using TenantSessions.Infrastructure.SessionEngine.Feed;
using InfrastructureSetup = TenantSessions.Infrastructure.SessionEngine.SessionEngineServices;

namespace TenantSessions.Web.MultiNodeTests.Feed;

/// <summary><c>Revocation:Mode=Auto</c> polls whenever several nodes are possible; contradictions stop the start.</summary>
public sealed class RevocationModeTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite, null, null, RevocationFeedMode.InProcess)]
    [InlineData(DatabaseProvider.Sqlite, null, "127.0.0.1:6379", RevocationFeedMode.Polling)]
    [InlineData(DatabaseProvider.Postgres, null, null, RevocationFeedMode.Polling)]
    [InlineData(DatabaseProvider.SqlServer, RevocationFeedMode.Auto, null, RevocationFeedMode.Polling)]
    [InlineData(DatabaseProvider.Postgres, RevocationFeedMode.InProcess, null, RevocationFeedMode.InProcess)]
    [InlineData(DatabaseProvider.Sqlite, RevocationFeedMode.Polling, null, RevocationFeedMode.Polling)]
    public void TheModeFollowsTheDeployment(DatabaseProvider provider, RevocationFeedMode? configured, string? redis, RevocationFeedMode expected)
    {
        var mode = InfrastructureSetup.ResolveMode(configured, new DatabaseSettings(provider, "unused"), redis);

        Assert.Equal(expected, mode);
    }

    [Fact]
    public void InProcessWithRedisIsRefused()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            InfrastructureSetup.ResolveMode(RevocationFeedMode.InProcess, new DatabaseSettings(DatabaseProvider.Postgres, "unused"), "127.0.0.1:6379"));

        Assert.Contains("Redis needs polling", error.Message);
    }
}
