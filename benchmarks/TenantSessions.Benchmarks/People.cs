using System.Diagnostics;
using System.Net;
using Microsoft.Data.Sqlite;
using TenantSessions.Infrastructure.SessionEngine.Tokens;

namespace TenantSessions.Benchmarks;

/// <summary>
/// Many distinct signed-in people for <c>benchmarks/run.sh</c>'s people scenarios (issue 26), without a password hash
/// each:
/// <list type="bullet">
/// <item><c>people seed --db FILE --people N --tokens OUT</c>: N copies of a signed-in demo member (bob) in the SQLite
/// database, each a user of their own with bob's roles and one session of their own, the token made by the engine's
/// own <see cref="SessionToken.Generate"/>. Session ids are version-7 ids from random instants of the past week, in
/// random order, so that their rows lie all over the index as a week of sign-ins would put them.</item>
/// <item><c>people mint --port P --host H --tokens FILE --out OUT</c>: one <c>get-session</c> per token with the
/// session cookie alone (the database path), which answers with a cache cookie minted by the app itself; OUT gets one
/// <c>Cookie</c> header per person ("ts_session=…; ts_session_cache=…"), read by <c>benchmarks/wrk/people.lua</c>.</item>
/// </list>
/// </summary>
public static class People
{
    private const string Template = "bob@acme.test";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options(args);
        switch (args.FirstOrDefault())
        {
            case "seed":
                Seed(options["--db"], int.Parse(options["--people"]), options["--tokens"]);
                return 0;
            case "mint":
                await MintAsync(int.Parse(options["--port"]), options["--host"], options["--tokens"], options["--out"]);
                return 0;
            default:
                Console.Error.WriteLine("usage: people seed --db FILE --people N --tokens OUT | people mint --port P --host H --tokens FILE --out OUT");
                return 2;
        }
    }

    private static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            options[args[i]] = args[i + 1];
        }

        return options;
    }

    private static void Seed(string database, int people, string tokensPath)
    {
        var clock = Stopwatch.StartNew();
        using var connection = new SqliteConnection($"Data Source={database}");
        connection.Open();
        using var transaction = connection.BeginTransaction();

        var userColumns = Columns(connection, "AspNetUsers");
        var sessionColumns = Columns(connection, "Sessions");
        var roleColumns = Columns(connection, "AspNetUserRoles");
        var user = Row(connection, transaction, "SELECT * FROM AspNetUsers WHERE NormalizedEmail = $key", Template.ToUpperInvariant())
            ?? throw new InvalidOperationException($"{Template} is not in {database}: run with the demo seed");
        var userId = (string)user["Id"]!;
        var session = Row(connection, transaction, "SELECT * FROM Sessions WHERE UserId = $key AND RevokedAt IS NULL ORDER BY CreatedAt DESC LIMIT 1", userId)
            ?? throw new InvalidOperationException($"{Template} has no live session: sign in once first");
        var roles = Rows(connection, transaction, "SELECT * FROM AspNetUserRoles WHERE UserId = $key", userId);

        using var insertUser = Insert(connection, transaction, "AspNetUsers", userColumns);
        using var insertSession = Insert(connection, transaction, "Sessions", sessionColumns);
        using var insertRole = Insert(connection, transaction, "AspNetUserRoles", roleColumns);
        var random = new Random(26);
        var now = DateTimeOffset.UtcNow;
        using var tokens = new StreamWriter(tokensPath);
        for (var i = 0; i < people; i++)
        {
            var email = $"person{i:D6}@acme.test";
            var personId = Guid.CreateVersion7(now - TimeSpan.FromSeconds(random.NextDouble() * 7 * 86_400)).ToString().ToUpperInvariant();
            Run(insertUser, userColumns, user, new()
            {
                ["Id"] = personId,
                ["Email"] = email,
                ["NormalizedEmail"] = email.ToUpperInvariant(),
                ["UserName"] = email,
                ["NormalizedUserName"] = email.ToUpperInvariant(),
                ["DisplayName"] = $"Person {i}",
                ["SecurityStamp"] = Guid.NewGuid().ToString("N"),
                ["ConcurrencyStamp"] = Guid.NewGuid().ToString(),
            });
            foreach (var role in roles)
            {
                Run(insertRole, roleColumns, role, new() { ["UserId"] = personId });
            }

            var sessionId = Guid.CreateVersion7(now - TimeSpan.FromSeconds(random.NextDouble() * 7 * 86_400));
            var (token, hash) = SessionToken.Generate(sessionId);
            Run(insertSession, sessionColumns, session, new()
            {
                ["Id"] = sessionId.ToString().ToUpperInvariant(),
                ["TokenHash"] = hash,
                ["UserId"] = personId,
            });
            tokens.WriteLine(token);
        }

        transaction.Commit();
        Console.WriteLine($"people: seeded {people:N0} people with a session each in {clock.Elapsed.TotalSeconds:F1} s");
    }

    private static async Task MintAsync(int port, string host, string tokensPath, string outPath)
    {
        var clock = Stopwatch.StartNew();
        var tokens = await File.ReadAllLinesAsync(tokensPath);
        var headers = new string[tokens.Length];
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = 16 })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
        };
        await Parallel.ForAsync(0, tokens.Length, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, cancellationToken) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/get-session");
            request.Headers.Host = host;
            request.Headers.Add("Cookie", $"ts_session={tokens[i]}");
            using var response = await http.SendAsync(request, cancellationToken);
            var cache = response.StatusCode == HttpStatusCode.OK && response.Headers.TryGetValues("Set-Cookie", out var cookies)
                ? cookies.Select(c => c.Split(';')[0]).FirstOrDefault(c => c.StartsWith("ts_session_cache=", StringComparison.Ordinal))
                : null;
            headers[i] = cache is { Length: > 17 }
                ? $"ts_session={tokens[i]}; {cache}"
                : throw new InvalidOperationException($"person {i}: get-session answered {(int)response.StatusCode} without a cache cookie");
        });
        await File.WriteAllLinesAsync(outPath, headers);
        Console.WriteLine($"people: minted {headers.Length:N0} cache cookies in {clock.Elapsed.TotalSeconds:F1} s");
    }

    internal static List<string> Columns(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
        using var reader = command.ExecuteReader();
        var columns = new List<string>();
        while (reader.Read())
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }

    internal static Dictionary<string, object?>? Row(SqliteConnection connection, SqliteTransaction transaction, string sql, string key) =>
        Rows(connection, transaction, sql, key).FirstOrDefault();

    internal static List<Dictionary<string, object?>> Rows(SqliteConnection connection, SqliteTransaction transaction, string sql, string key)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$key", key);
        using var reader = command.ExecuteReader();
        var rows = new List<Dictionary<string, object?>>();
        while (reader.Read())
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    internal static SqliteCommand Insert(SqliteConnection connection, SqliteTransaction transaction, string table, List<string> columns)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
        for (var i = 0; i < columns.Count; i++)
        {
            command.Parameters.Add(new SqliteParameter($"$p{i}", null));
        }

        command.Prepare();
        return command;
    }

    internal static void Run(SqliteCommand insert, List<string> columns, Dictionary<string, object?> template, Dictionary<string, object?> overrides)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            insert.Parameters[i].Value = (overrides.TryGetValue(columns[i], out var value) ? value : template[columns[i]]) ?? DBNull.Value;
        }

        insert.ExecuteNonQuery();
    }
}
