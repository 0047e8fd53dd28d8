namespace TenantSessions.Web.IntegrationTests.Infrastructure;

/// <summary>Where the test servers are. <c>./test.sh</c> starts them and sets these variables.</summary>
public static class TestEnvironment
{
    public static string PostgresConnectionString(string database) =>
        (Environment.GetEnvironmentVariable("TENANTSESSIONS_POSTGRES")
            ?? throw new InvalidOperationException(
                "TENANTSESSIONS_POSTGRES is not set. Run ./test.sh, which starts PostgreSQL and sets it."))
        .Replace("Database=tenantsessions_test", $"Database={database}", StringComparison.Ordinal);
}
