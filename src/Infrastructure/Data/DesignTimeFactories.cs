using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.DependencyInjection;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Models;

namespace TenantSessions.Infrastructure.Data;

internal sealed class PlatformScope : ICurrentTenant
{
    public static readonly PlatformScope Instance = new();

    public TenantInfo? Tenant => null;

    public bool IsPlatformHost => true;
}

/// <summary>
/// Identity reads its schema version from the application's <see cref="IdentityOptions"/>; design-time contexts get the
/// same options as the app (<c>AddIdentityCore</c> in <c>DependencyInjection</c>): schema version 3, with passkeys.
/// </summary>
internal static class DesignTimeIdentity
{
    public static readonly IServiceProvider Services = new ServiceCollection()
        .Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersions.Version3)
        .BuildServiceProvider();

    public static DbContextOptionsBuilder<T> Options<T>() where T : DbContext =>
        new DbContextOptionsBuilder<T>().UseApplicationServiceProvider(Services);
}

public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args) =>
        new(DesignTimeIdentity.Options<SqliteAppDbContext>().UseSqlite("Data Source=design.db").Options, PlatformScope.Instance);
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args) =>
        new(DesignTimeIdentity.Options<PostgresAppDbContext>().UseNpgsql("Host=localhost;Database=design").Options, PlatformScope.Instance);
}

public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerAppDbContext>
{
    public SqlServerAppDbContext CreateDbContext(string[] args) =>
        new(DesignTimeIdentity.Options<SqlServerAppDbContext>().UseSqlServer("Server=localhost;Database=design;TrustServerCertificate=true").Options, PlatformScope.Instance);
}
