using Microsoft.Data.SqlClient;
using Npgsql;

namespace TenantSessions.Web.MultiNodeTests.Infrastructure;

/// <summary>A database created for one cluster of nodes and dropped after it.</summary>
public abstract class TestDatabase : IAsyncDisposable
{
    protected static readonly string Name = $"ts_multinode_{Environment.ProcessId}_{Guid.NewGuid():N}"[..40];

    public abstract string Provider { get; }

    public abstract string ConnectionString { get; }

    /// <summary>The same database reached through another host and port (a proxy the test can close).</summary>
    public abstract string ConnectionStringVia(string host, int port);

    public abstract Task CreateAsync();

    public abstract ValueTask DisposeAsync();
}

public sealed class PostgresTestDatabase : TestDatabase
{
    private readonly string _name = Name + "_" + Guid.NewGuid().ToString("N")[..6];

    public override string Provider => "Postgres";

    public override string ConnectionString => Build(_name).ConnectionString;

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("TENANTSESSIONS_POSTGRES")
        ?? throw new InvalidOperationException("TENANTSESSIONS_POSTGRES is not set. Run ./test.sh, which starts PostgreSQL and sets it.");

    /// <summary>Where the real server listens (the proxy forwards there).</summary>
    public static (string Host, int Port) ServerEndpoint
    {
        get
        {
            var builder = new NpgsqlConnectionStringBuilder(ServerConnectionString);
            return (builder.Host ?? "127.0.0.1", builder.Port);
        }
    }

    public override string ConnectionStringVia(string host, int port)
    {
        var builder = Build(_name);
        builder.Host = host;
        builder.Port = port;
        builder.Timeout = 3;
        return builder.ConnectionString;
    }

    public override async Task CreateAsync()
    {
        await using var admin = new NpgsqlConnection(Build("postgres").ConnectionString);
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_name}\"", admin);
        await create.ExecuteNonQueryAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(Build("postgres").ConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private static NpgsqlConnectionStringBuilder Build(string database) => new(ServerConnectionString) { Database = database };
}

/// <summary>SQL Server from <c>TENANTSESSIONS_SQLSERVER</c> (see <see cref="SqlServerFactAttribute"/>).</summary>
public sealed class SqlServerTestDatabase : TestDatabase
{
    public const string Variable = "TENANTSESSIONS_SQLSERVER";

    private readonly string _name = Name + "_" + Guid.NewGuid().ToString("N")[..6];

    public override string Provider => "SqlServer";

    public override string ConnectionString => Build(_name).ConnectionString;

    public override string ConnectionStringVia(string host, int port)
    {
        var builder = Build(_name);
        builder.DataSource = $"{host},{port}";
        return builder.ConnectionString;
    }

    public override async Task CreateAsync()
    {
        await using var admin = new SqlConnection(Build("master").ConnectionString);
        await admin.OpenAsync();
        await using var create = new SqlCommand($"CREATE DATABASE [{_name}]", admin);
        await create.ExecuteNonQueryAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        SqlConnection.ClearAllPools();
        await using var admin = new SqlConnection(Build("master").ConnectionString);
        await admin.OpenAsync();
        await using var drop = new SqlCommand(
            $"IF DB_ID(N'{_name}') IS NOT NULL BEGIN ALTER DATABASE [{_name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{_name}]; END", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private static SqlConnectionStringBuilder Build(string database) =>
        new(Environment.GetEnvironmentVariable(Variable) ?? throw new InvalidOperationException($"{Variable} is not set."))
        {
            InitialCatalog = database,
        };
}
