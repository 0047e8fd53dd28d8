using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace TenantSessions.Benchmarks;

/// <summary>A throw-away database for one run, and the fastest bulk load each engine has.</summary>
public abstract class BenchDatabase
{
    protected const string DeviceLabel = "Firefox on Linux";
    protected const string UserAgent = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
    protected const string IpAddress = "203.0.113.7";

    public abstract string Provider { get; }

    public abstract string ConnectionString { get; }

    public static BenchDatabase Create(BenchOptions options) => options.Provider switch
    {
        "postgres" => new PostgresBenchDatabase(),
        "sqlite" => new SqliteBenchDatabase(),
        _ => throw new ArgumentException($"--provider {options.Provider}: use sqlite or postgres"),
    };

    public abstract Task CreateAsync();

    public abstract Task DropAsync();

    public abstract Task AnalyzeAsync();

    public abstract Task<long> CountSessionsAsync();

    public abstract Task<string> SizeAsync();

    /// <summary>
    /// <paramref name="expired"/> sessions that expired between 2 hours and 8 days ago (nine in ten were 7-day
    /// "remember me" sessions, one in ten 1-day ones) and <paramref name="live"/> 7-day sessions created in the last
    /// week, round-robin over the tenants, inserted in order of creation as sign-ins would have written them.
    /// </summary>
    public async Task SeedSessionsAsync(IReadOnlyList<BenchTenant> tenants, DateTimeOffset now, int expired, int live)
    {
        var random = new Random(42);
        DateTimeOffset Between(TimeSpan from, TimeSpan to) => now - from + TimeSpan.FromSeconds(random.NextDouble() * (from - to).TotalSeconds);

        var sessions = new List<(DateTimeOffset Created, TimeSpan Lifetime)>(expired + live);
        for (var i = 0; i < expired; i++)
        {
            sessions.Add(i % 10 == 0
                ? (Between(TimeSpan.FromDays(7), TimeSpan.FromDays(1) + TimeSpan.FromHours(2)), TimeSpan.FromDays(1))
                : (Between(TimeSpan.FromDays(15), TimeSpan.FromDays(7) + TimeSpan.FromHours(2)), TimeSpan.FromDays(7)));
        }

        for (var i = 0; i < live; i++)
        {
            sessions.Add((Between(TimeSpan.FromDays(7) - TimeSpan.FromHours(1), TimeSpan.FromHours(1)), TimeSpan.FromDays(7)));
        }

        sessions.Sort((x, y) => x.Created.CompareTo(y.Created));
        await BulkInsertAsync(sessions.Select((s, i) => new SessionRow(
            Guid.CreateVersion7(s.Created),
            RandomNumberGenerator.GetBytes(32),
            tenants[i % tenants.Count].Id,
            Guid.CreateVersion7(s.Created),
            s.Created,
            s.Created + s.Lifetime,
            s.Created + TimeSpan.FromDays(30))));
    }

    protected abstract Task BulkInsertAsync(IEnumerable<SessionRow> rows);

    protected sealed record SessionRow(Guid Id, byte[] TokenHash, Guid TenantId, Guid UserId, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset AbsoluteExpiresAt);
}

public sealed class PostgresBenchDatabase : BenchDatabase
{
    private const string Name = "tenantsessions_bench";

    private static string Server =>
        Environment.GetEnvironmentVariable("TENANTSESSIONS_POSTGRES")
        ?? "Host=127.0.0.1;Port=5432;Username=tenantsessions;Password=tenantsessions;Database=tenantsessions_test";

    public override string Provider => "Postgres";

    public override string ConnectionString => new NpgsqlConnectionStringBuilder(Server) { Database = Name }.ConnectionString;

    private static string Admin => new NpgsqlConnectionStringBuilder(Server) { Database = "postgres" }.ConnectionString;

    public override async Task CreateAsync()
    {
        await ExecuteAsync(Admin, $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
        await ExecuteAsync(Admin, $"CREATE DATABASE {Name}");
    }

    public override async Task DropAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await ExecuteAsync(Admin, $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
        }
        catch (PostgresException e)
        {
            Console.WriteLine($"could not drop {Name} now ({e.MessageText}); the next run drops it");
        }
    }

    public override Task AnalyzeAsync() => ExecuteAsync(ConnectionString, "VACUUM ANALYZE \"Sessions\"");

    public override async Task<long> CountSessionsAsync() => Convert.ToInt64(await ScalarAsync("SELECT count(*) FROM \"Sessions\""));

    public override async Task<string> SizeAsync() => (string)(await ScalarAsync("SELECT pg_size_pretty(pg_total_relation_size('\"Sessions\"'))"))!;

    protected override async Task BulkInsertAsync(IEnumerable<SessionRow> rows)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var import = await connection.BeginBinaryImportAsync(
            "COPY \"Sessions\" (\"Id\", \"TokenHash\", \"TenantId\", \"UserId\", \"CreatedAt\", \"AuthenticatedAt\", \"UpdatedAt\", \"LastSeenAt\", " +
            "\"ExpiresAt\", \"AbsoluteExpiresAt\", \"IpAddress\", \"UserAgent\", \"DeviceLabel\", \"IsPersistent\") FROM STDIN (FORMAT BINARY)");
        foreach (var row in rows)
        {
            await import.StartRowAsync();
            await import.WriteAsync(row.Id, NpgsqlDbType.Uuid);
            await import.WriteAsync(row.TokenHash, NpgsqlDbType.Bytea);
            await import.WriteAsync(row.TenantId, NpgsqlDbType.Uuid);
            await import.WriteAsync(row.UserId, NpgsqlDbType.Uuid);
            for (var i = 0; i < 4; i++)
            {
                await import.WriteAsync(row.CreatedAt, NpgsqlDbType.TimestampTz);
            }

            await import.WriteAsync(row.ExpiresAt, NpgsqlDbType.TimestampTz);
            await import.WriteAsync(row.AbsoluteExpiresAt, NpgsqlDbType.TimestampTz);
            await import.WriteAsync(IpAddress, NpgsqlDbType.Varchar);
            await import.WriteAsync(UserAgent, NpgsqlDbType.Varchar);
            await import.WriteAsync(DeviceLabel, NpgsqlDbType.Varchar);
            await import.WriteAsync(true, NpgsqlDbType.Boolean);
        }

        await import.CompleteAsync();
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }
}

public sealed class SqliteBenchDatabase : BenchDatabase
{
    private const int RowsPerStatement = 200;

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"tenantsessions-bench-{Guid.NewGuid():N}.db");

    public override string Provider => "Sqlite";

    public override string ConnectionString => $"Data Source={_path}";

    public override Task CreateAsync() => Task.CompletedTask;

    public override Task DropAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
        {
            File.Delete(_path + suffix);
        }

        return Task.CompletedTask;
    }

    /// <summary>Nothing: the app never runs <c>ANALYZE</c> on SQLite, so the purge must plan well without statistics.</summary>
    public override Task AnalyzeAsync() => Task.CompletedTask;

    public override async Task<long> CountSessionsAsync() => (long)(await ScalarAsync("SELECT count(*) FROM Sessions"))!;

    public override Task<string> SizeAsync() => Task.FromResult($"{new FileInfo(_path).Length / 1024.0 / 1024.0:F0} MB (file)");

    /// <summary>Multi-row INSERTs of <see cref="RowsPerStatement"/> rows, all in one transaction.</summary>
    protected override async Task BulkInsertAsync(IEnumerable<SessionRow> rows)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var transaction = connection.BeginTransaction();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var columns = "Id, TokenHash, TenantId, UserId, CreatedAt, AuthenticatedAt, UpdatedAt, LastSeenAt, ExpiresAt, AbsoluteExpiresAt, IpAddress, UserAgent, DeviceLabel, IsPersistent";
        var sql = new StringBuilder($"INSERT INTO Sessions ({columns}) VALUES ");
        for (var r = 0; r < RowsPerStatement; r++)
        {
            sql.Append(r == 0 ? "" : ", ").Append($"($i{r}, $h{r}, $t{r}, $u{r}, $c{r}, $c{r}, $c{r}, $c{r}, $e{r}, $a{r}, '{IpAddress}', '{UserAgent}', '{DeviceLabel}', 1)");
        }

        command.CommandText = sql.ToString();
        var parameters = Enumerable.Range(0, RowsPerStatement).Select(r => new[] { "i", "h", "t", "u", "c", "e", "a" }
            .Select(p => command.Parameters.Add(new SqliteParameter($"${p}{r}", null))).ToArray()).ToArray();
        command.Prepare();

        var batch = new List<SessionRow>(RowsPerStatement);
        foreach (var row in rows)
        {
            batch.Add(row);
            if (batch.Count == RowsPerStatement)
            {
                Bind(batch, parameters);
                await command.ExecuteNonQueryAsync();
                batch.Clear();
            }
        }

        foreach (var row in batch)
        {
            await using var single = connection.CreateCommand();
            single.Transaction = transaction;
            single.CommandText = $"INSERT INTO Sessions ({columns}) VALUES ($i, $h, $t, $u, $c, $c, $c, $c, $e, $a, '{IpAddress}', '{UserAgent}', '{DeviceLabel}', 1)";
            Bind([row], [["$i", "$h", "$t", "$u", "$c", "$e", "$a"]], single);
            await single.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    private static void Bind(List<SessionRow> batch, SqliteParameter[][] parameters)
    {
        for (var r = 0; r < batch.Count; r++)
        {
            var values = Values(batch[r]);
            for (var p = 0; p < values.Length; p++)
            {
                parameters[r][p].Value = values[p];
            }
        }
    }

    private static void Bind(SessionRow[] rows, string[][] names, SqliteCommand command)
    {
        var values = Values(rows[0]);
        for (var p = 0; p < values.Length; p++)
        {
            command.Parameters.AddWithValue(names[0][p], values[p]);
        }
    }

    /// <summary>As EF Core's SQLite provider stores them: Guids as upper-case text, instants as UTC ticks (see SqliteAppDbContext).</summary>
    private static object[] Values(SessionRow row) =>
    [
        row.Id.ToString().ToUpperInvariant(),
        row.TokenHash,
        row.TenantId.ToString().ToUpperInvariant(),
        row.UserId.ToString().ToUpperInvariant(),
        row.CreatedAt.UtcTicks,
        row.ExpiresAt.UtcTicks,
        row.AbsoluteExpiresAt.UtcTicks,
    ];

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
