namespace TenantSessions.Web.MultiNodeTests.Infrastructure;

/// <summary>
/// A test that needs a real SQL Server, which cannot run on these machines: it runs only when
/// <c>TENANTSESSIONS_SQLSERVER</c> holds a connection string, and is skipped with this reason otherwise.
/// The only tests allowed to skip.
/// </summary>
public sealed class SqlServerFactAttribute : FactAttribute
{
    public SqlServerFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(SqlServerTestDatabase.Variable)))
        {
            Skip = $"No SQL Server here: set {SqlServerTestDatabase.Variable} to a connection string " +
                "(e.g. \"Server=127.0.0.1,1433;User Id=sa;Password=...;TrustServerCertificate=true\") to run the SQL Server suite.";
        }
    }
}
