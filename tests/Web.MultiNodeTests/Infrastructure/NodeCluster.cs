using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Tenants;

namespace TenantSessions.Web.MultiNodeTests.Infrastructure;

/// <summary>
/// Two app nodes, A and B, on one database — what a load balancer without sticky sessions spreads a browser over.
/// Each test works in a workspace of its own (<see cref="CreateTenantAsync"/>), so tests need no reset.
/// </summary>
public sealed class NodeCluster : IAsyncDisposable
{
    private readonly TestDatabase _database;
    private readonly Func<string, IReadOnlyDictionary<string, string?>> _settingsFor;

    private NodeCluster(TestDatabase database, Func<string, IReadOnlyDictionary<string, string?>> settingsFor, FakeTimeProvider clock)
    {
        _database = database;
        _settingsFor = settingsFor;
        Clock = clock;
    }

    public AppNode A { get; private set; } = null!;

    public AppNode B { get; private set; } = null!;

    /// <summary>One clock for every node: the nodes of a deployment agree on the time.</summary>
    public FakeTimeProvider Clock { get; }

    public TestDatabase Database => _database;

    /// <summary>The settings every node gets: the database, polling with a short interval, no demo data.</summary>
    public static Dictionary<string, string?> BaseSettings(TestDatabase database, string? connectionString = null) => new()
    {
        ["Database:Provider"] = database.Provider,
        ["ConnectionStrings:Default"] = connectionString ?? database.ConnectionString,
        ["Demo:Seed"] = "false",
        ["RateLimiting:SignInPerMinute"] = "100000",
        ["Revocation:PollInterval"] = "00:00:00.250",
        ["Revocation:MaxLag"] = "00:00:02",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:TenantSessions"] = "Information",
    };

    /// <summary>Starts A, then B (A applies the migrations, as the first node of a rolling deploy would).</summary>
    public static async Task<NodeCluster> StartAsync(TestDatabase database, Func<string, IReadOnlyDictionary<string, string?>> settingsFor)
    {
        var cluster = new NodeCluster(database, settingsFor, new FakeTimeProvider(DateTimeOffset.UtcNow));
        await cluster.StartNodesAsync();
        return cluster;
    }

    /// <summary>Stops both nodes and starts two new ones on the same database (a restart of the whole deployment).</summary>
    public async Task RestartAsync()
    {
        await StopNodesAsync();
        await StartNodesAsync();
    }

    /// <summary>Stops node B only, runs <paramref name="whileDown"/>, and starts a new node B (a crash or a rolling restart of one node).</summary>
    public async Task RestartBAsync(Func<Task> whileDown)
    {
        await B.DisposeAsync();
        await whileDown();
        B = new AppNode("B", _settingsFor("B"), Clock);
        await B.StartAsync();
    }

    public async Task<(Guid Id, string Slug)> CreateTenantAsync()
    {
        var slug = "t" + Guid.NewGuid().ToString("N")[..12];
        var tenant = new Tenant(Guid.CreateVersion7(), slug, $"Workspace {slug}", Clock.GetUtcNow());
        tenant.ChangeJoinPolicy(JoinPolicy.Open, []);
        await A.DbAsync(async db =>
        {
            db.Tenants.Add(tenant);
            return await db.SaveChangesAsync();
        });
        return (tenant.Id, slug);
    }

    /// <summary>A new member of the workspace, signed up through node A, with a warm cache cookie.</summary>
    public async Task<NodeClient> SignUpOnAAsync(string slug)
    {
        var client = new NodeClient(A, $"{slug}.localhost");
        await client.SignUpAsync($"user-{Guid.NewGuid():N}@{slug}.test");
        await client.SessionIdAsync();
        Assert.NotNull(client.CacheCookie);
        return client;
    }

    /// <summary>What an admin revocation commits: the row marked, a Session feed entry, one unit of work on <paramref name="via"/>.</summary>
    public Task RevokeAsAdminAsync(AppNode via, Guid sessionId) => via.CommitAsync(async (db, store) =>
    {
        var session = await db.Sessions.IgnoreQueryFilters().SingleAsync(s => s.Id == sessionId);
        store.Revoke([session], SessionEnd.By(null, RevokeReasons.RevokedByAdmin));
    });

    /// <summary>What a tenant suspension commits: the tenant suspended, a tenant "not before" and a TenantChanged entry.</summary>
    public Task SuspendTenantAsync(AppNode via, Guid tenantId) => via.CommitAsync(async (db, store) =>
    {
        var tenant = await db.Tenants.SingleAsync(t => t.Id == tenantId);
        tenant.Suspend("Suspended by the multi-node test", Clock.GetUtcNow());
        store.RevokeTenant(tenant.Id, [], SessionEnd.By(null, RevokeReasons.TenantSuspended));
        store.TenantChanged(tenant.Id);
    });

    public async ValueTask DisposeAsync() => await StopNodesAsync();

    private async Task StartNodesAsync()
    {
        A = new AppNode("A", _settingsFor("A"), Clock);
        await A.StartAsync();
        B = new AppNode("B", _settingsFor("B"), Clock);
        await B.StartAsync();
    }

    private async Task StopNodesAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
    }
}
