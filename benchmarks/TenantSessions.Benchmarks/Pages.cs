using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using TenantSessions.Domain.Sessions;

namespace TenantSessions.Benchmarks;

/// <summary>
/// The data of <c>benchmarks/run.sh</c>'s page scenarios (issue 26 item 3), written straight into the SQLite database of
/// a running demo app, without a password hash each (as <see cref="People"/> does):
/// <c>pages seed --db FILE [--live 10] [--ended 50] [--members 200] [--tenants 1000]</c>.
/// <list type="bullet">
/// <item>bob@acme.test gets copies of his newest live session until he has <c>--live</c> live sessions (devices of
/// their own), and <c>--ended</c> ended ones (signed out or ended by himself over the past weeks). His own session, the
/// one the benchmark's cookies belong to, is the template: sign him in first.</item>
/// <item>acme gets copies of bob (a user each, bob's roles, one live session each) until it has <c>--members</c>
/// people.</item>
/// <item>the platform gets copies of acme's workspace row (slug <c>bench-NNNN</c>) until it has <c>--tenants</c>
/// workspaces.</item>
/// </list>
/// The sessions' tokens are random hashes nobody holds: the pages only list them.
/// </summary>
public static class Pages
{
    private const string Template = "bob@acme.test";

    private static readonly (string Label, string UserAgent, string Ip)[] Devices =
    [
        ("Firefox on Linux", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", "203.0.113.7"),
        ("Chrome on Windows", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "198.51.100.23"),
        ("Safari on iPhone", "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", "192.0.2.44"),
        ("Edge on Windows", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "198.51.100.91"),
        ("Chrome on Android", "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", "203.0.113.150"),
    ];

    public static int Run(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            options[args[i]] = args[i + 1];
        }

        if (args.FirstOrDefault() != "seed" || !options.TryGetValue("--db", out var database))
        {
            Console.Error.WriteLine("usage: pages seed --db FILE [--live 10] [--ended 50] [--members 200] [--tenants 1000]");
            return 2;
        }

        int Int(string name, int fallback) => options.TryGetValue(name, out var value) ? int.Parse(value) : fallback;
        Seed(database, Int("--live", 10), Int("--ended", 50), Int("--members", 200), Int("--tenants", 1000));
        return 0;
    }

    private static void Seed(string database, int live, int ended, int members, int tenants)
    {
        var clock = Stopwatch.StartNew();
        using var connection = new SqliteConnection($"Data Source={database}");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        var random = new Random(26);
        var now = DateTimeOffset.UtcNow;

        var userColumns = People.Columns(connection, "AspNetUsers");
        var sessionColumns = People.Columns(connection, "Sessions");
        var roleColumns = People.Columns(connection, "AspNetUserRoles");
        var tenantColumns = People.Columns(connection, "Tenants");
        var bob = People.Row(connection, transaction, "SELECT * FROM AspNetUsers WHERE NormalizedEmail = $key", Template.ToUpperInvariant())
            ?? throw new InvalidOperationException($"{Template} is not in {database}: run with the demo seed");
        var bobId = (string)bob["Id"]!;
        var tenantId = (string)bob["TenantId"]!;
        var session = People.Row(connection, transaction, "SELECT * FROM Sessions WHERE UserId = $key AND RevokedAt IS NULL ORDER BY CreatedAt DESC LIMIT 1", bobId)
            ?? throw new InvalidOperationException($"{Template} has no live session: sign in once first");
        var roles = People.Rows(connection, transaction, "SELECT * FROM AspNetUserRoles WHERE UserId = $key", bobId);
        var acme = People.Row(connection, transaction, "SELECT * FROM Tenants WHERE Id = $key", tenantId)!;

        using var insertUser = People.Insert(connection, transaction, "AspNetUsers", userColumns);
        using var insertSession = People.Insert(connection, transaction, "Sessions", sessionColumns);
        using var insertRole = People.Insert(connection, transaction, "AspNetUserRoles", roleColumns);
        using var insertTenant = People.Insert(connection, transaction, "Tenants", tenantColumns);

        // A copy of bob's session: its own id and random token hash, a device, created `age` ago.
        void AddSession(string userId, TimeSpan age, int device, Dictionary<string, object?>? extra = null)
        {
            var created = now - age;
            var (label, agent, ip) = Devices[device % Devices.Length];
            var values = new Dictionary<string, object?>
            {
                ["Id"] = Guid.CreateVersion7(created).ToString().ToUpperInvariant(),
                ["TokenHash"] = RandomNumberGenerator.GetBytes(32),
                ["UserId"] = userId,
                ["CreatedAt"] = created.UtcTicks,
                ["AuthenticatedAt"] = created.UtcTicks,
                ["UpdatedAt"] = created.UtcTicks,
                ["LastSeenAt"] = (created + TimeSpan.FromMinutes(random.Next(1, 600))).UtcTicks,
                ["DeviceLabel"] = label,
                ["UserAgent"] = agent,
                ["IpAddress"] = ip,
            };
            foreach (var (key, value) in extra ?? [])
            {
                values[key] = value;
            }

            People.Run(insertSession, sessionColumns, session, values);
        }

        long Count(string sql, string key)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.Parameters.AddWithValue("$key", key);
            return (long)command.ExecuteScalar()!;
        }

        var liveNow = Count("SELECT count(*) FROM Sessions WHERE UserId = $key AND RevokedAt IS NULL", bobId);
        for (var i = (int)liveNow; i < live; i++)
        {
            AddSession(bobId, TimeSpan.FromHours(random.Next(1, 6 * 24)), i);
        }

        var endedNow = Count("SELECT count(*) FROM Sessions WHERE UserId = $key AND RevokedAt IS NOT NULL", bobId);
        for (var i = (int)endedNow; i < ended; i++)
        {
            var age = TimeSpan.FromHours(random.Next(24, 60 * 24));
            AddSession(bobId, age, i, new()
            {
                ["RevokedAt"] = (now - age + TimeSpan.FromHours(random.Next(1, 20))).UtcTicks,
                ["RevokedBy"] = bobId,
                ["RevokeReason"] = i % 3 == 0 ? RevokeReasons.RevokedByUser : RevokeReasons.SignedOut,
            });
        }

        var membersNow = Count("SELECT count(*) FROM AspNetUsers WHERE TenantId = $key AND DeletedAt IS NULL", tenantId);
        for (var i = (int)membersNow; i < members; i++)
        {
            var email = $"member{i:D4}@acme.test";
            var created = now - TimeSpan.FromDays(random.Next(1, 365));
            var memberId = Guid.CreateVersion7(created).ToString().ToUpperInvariant();
            People.Run(insertUser, userColumns, bob, new()
            {
                ["Id"] = memberId,
                ["Email"] = email,
                ["NormalizedEmail"] = email.ToUpperInvariant(),
                ["UserName"] = email,
                ["NormalizedUserName"] = email.ToUpperInvariant(),
                ["DisplayName"] = $"Member {i:D4}",
                ["SecurityStamp"] = Guid.NewGuid().ToString("N"),
                ["ConcurrencyStamp"] = Guid.NewGuid().ToString(),
                ["CreatedAt"] = created.UtcTicks,
            });
            foreach (var role in roles)
            {
                People.Run(insertRole, roleColumns, role, new() { ["UserId"] = memberId });
            }

            AddSession(memberId, TimeSpan.FromHours(random.Next(1, 6 * 24)), i);
        }

        var tenantsNow = Count("SELECT count(*) FROM Tenants WHERE $key = $key", "");
        for (var i = (int)tenantsNow; i < tenants; i++)
        {
            var created = now - TimeSpan.FromDays(random.Next(1, 3 * 365));
            People.Run(insertTenant, tenantColumns, acme, new()
            {
                ["Id"] = Guid.CreateVersion7(created).ToString().ToUpperInvariant(),
                ["Slug"] = $"bench-{i:D4}",
                ["Name"] = $"Bench workspace {i:D4}",
                ["CreatedAt"] = created.UtcTicks,
            });
        }

        transaction.Commit();
        Console.WriteLine($"pages: bob has {Math.Max(live, liveNow)} live and {Math.Max(ended, endedNow)} ended sessions, acme {Math.Max(members, membersNow)} people, the platform {Math.Max(tenants, tenantsNow)} workspaces ({clock.Elapsed.TotalSeconds:F1} s)");
    }
}
