using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using TenantSessions.Domain.Tenants;
using TenantSessions.Domain.Users;
using TenantSessions.Infrastructure.Data.Interceptors;
using TenantSessions.Infrastructure.SessionEngine.CookieCache;
using TenantSessions.Infrastructure.SessionEngine.Feed;

namespace TenantSessions.Infrastructure.Data;

/// <summary>Start-up work: migrations, roles, demo data (when <c>Demo:Seed</c> is on and the database is empty), the cookie-cache key ring and the live feed.</summary>
public sealed class DatabaseInitializer(
    AppDbContext db,
    UserManager<ApplicationUser> users,
    RoleManager<IdentityRole<Guid>> roles,
    CookieCacheKeyRing keyRing,
    RevocationList revocations,
    IConfiguration configuration,
    TimeProvider clock,
    ILogger<DatabaseInitializer> logger)
{
    public const string DemoPassword = "Passw0rd!";

    public async Task<bool> InitializeAsync(CancellationToken cancellationToken)
    {
        await MigrateOrVerifyAsync(cancellationToken);
        await EnsureRolesAsync();

        var seeded = false;
        if (configuration.GetValue("Demo:Seed", false) && !await db.Tenants.AnyAsync(cancellationToken))
        {
            await SeedDemoAsync();
            seeded = true;
        }

        await keyRing.LoadAsync(cancellationToken);
        var since = clock.GetUtcNow() - revocations.Window;
        foreach (var entry in await db.RevocationFeed.AsNoTracking().Where(e => e.CreatedAt > since).OrderBy(e => e.Id).ToListAsync(cancellationToken))
        {
            revocations.Apply(entry);
        }

        return seeded;
    }

    /// <summary>
    /// <c>Database:MigrateOnStart</c> (default true) applies pending migrations; false (migrations run as a release step,
    /// the app's login has no DDL rights) refuses to start on a database that is behind this build.
    /// </summary>
    private async Task MigrateOrVerifyAsync(CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite())
        {
            await UseWalAsync(cancellationToken);
        }

        if (configuration.GetValue("Database:MigrateOnStart", true))
        {
            await db.Database.MigrateAsync(cancellationToken);
            return;
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            throw new InvalidOperationException(
                $"The database is behind this build (pending: {string.Join(", ", pending)}) and Database:MigrateOnStart is false. Apply the migrations first (docs/deployment.md).");
        }
    }

    /// <summary>
    /// WAL is a property of the database file, set once; SQLite answers with the mode it is in, which stays the old one
    /// when it cannot switch (another process holds the file open, or an in-memory database).
    /// </summary>
    private async Task UseWalAsync(CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = SqliteConnectionSettings.EnableWal;
            var mode = await command.ExecuteScalarAsync(cancellationToken) as string;
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                logger.LogWarning(
                    "SQLite stays in journal mode {JournalMode}, not WAL: readers will wait for writers, the purge included. Is another process holding the database file?",
                    mode);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole<Guid>(role) { Id = Guid.CreateVersion7() });
            }
        }
    }

    /// <summary>The demo tenants and users the README lists (all with <see cref="DemoPassword"/>).</summary>
    public async Task SeedDemoAsync()
    {
        var now = clock.GetUtcNow();
        var acme = new Tenant(Guid.CreateVersion7(now), "acme", "Acme Corp", now);
        var globex = new Tenant(Guid.CreateVersion7(now), "globex", "Globex", now);
        var initech = new Tenant(Guid.CreateVersion7(now), "initech", "Initech", now);
        initech.Suspend("Unpaid invoice", now);
        acme.ChangeJoinPolicy(JoinPolicy.AllowedDomains, ["acme.test"]);
        db.Tenants.AddRange(acme, globex, initech);
        await db.SaveChangesAsync();

        await CreateUserAsync(acme.Id, "alice@acme.test", "Alice Admin", Roles.TenantAdmin, now);
        await CreateUserAsync(acme.Id, "bob@acme.test", "Bob Member", Roles.Member, now);
        await CreateUserAsync(globex.Id, "carol@globex.test", "Carol Admin", Roles.TenantAdmin, now);
        await CreateUserAsync(initech.Id, "dave@initech.test", "Dave Member", Roles.Member, now);
        await CreateUserAsync(null, "root@platform.test", "Platform Root", Roles.PlatformSuperadmin, now);
        logger.LogInformation("Seeded the demo tenants and users");
    }

    private async Task CreateUserAsync(Guid? tenantId, string email, string name, string role, DateTimeOffset now)
    {
        var user = ApplicationUser.Create(tenantId, email, name, now, emailConfirmed: true);

        // The scope of this initializer is the platform scope, so Identity's per-tenant uniqueness checks would
        // look at tenant-less users only; demo e-mails are unique anyway.
        var result = await users.CreateAsync(user, DemoPassword);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not seed {email}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }

        await users.AddToRoleAsync(user, role);
        await db.SaveChangesAsync();
    }
}
