using Microsoft.Data.Sqlite;
using Npgsql;
using Respawn;

namespace TenantSessions.TestSupport;

/// <summary>
/// The PostgreSQL server the tests use (<c>TENANTSESSIONS_POSTGRES</c>, set by <c>./test.sh</c>): one database per
/// fixture, created before it and dropped after it.
/// </summary>
public static class PostgresServer
{
    public const string Variable = "TENANTSESSIONS_POSTGRES";

    /// <summary>The server's connection string as configured.</summary>
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable)
        ?? throw new InvalidOperationException($"{Variable} is not set. Run ./test.sh, which starts PostgreSQL and sets it.");

    /// <summary>The same server, on <paramref name="database"/>.</summary>
    public static NpgsqlConnectionStringBuilder For(string database) => new(ConnectionString) { Database = database };

    public static async Task CreateDatabaseAsync(string database)
    {
        await using var admin = new NpgsqlConnection(For("postgres").ConnectionString);
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", admin);
        await create.ExecuteNonQueryAsync();
    }

    /// <summary>Drops <paramref name="database"/>, closing whatever pooled connections still use it.</summary>
    public static async Task DropDatabaseAsync(string database)
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(For("postgres").ConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>A SQLite database file of its own in the temporary folder, deleted with its WAL files.</summary>
public sealed class SqliteFile
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"tenantsessions-tests-{Guid.NewGuid():N}.db");

    public string ConnectionString => $"Data Source={Path};Pooling=false";

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public void Delete()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { Path, Path + "-wal", Path + "-shm" })
        {
            File.Delete(file);
        }
    }
}

/// <summary>
/// How Respawn empties a test database between tests: every table but the migrations' history and the key rings
/// (Data Protection's and the cookie cache's), which an app reads once at start.
/// </summary>
public static class Reset
{
    public static readonly Respawn.Graph.Table[] KeptTables = ["__EFMigrationsHistory", "DataProtectionKeys", "CookieCacheKeys"];

    public static RespawnerOptions Sqlite => new() { DbAdapter = DbAdapter.Sqlite, TablesToIgnore = KeptTables };

    public static RespawnerOptions Postgres => new() { DbAdapter = DbAdapter.Postgres, SchemasToInclude = ["public"], TablesToIgnore = KeptTables };
}
