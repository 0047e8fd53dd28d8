using Microsoft.EntityFrameworkCore;
using TenantSessions.Infrastructure.Data.Interceptors;
using TenantSessions.Web.IntegrationTests.Infrastructure;

namespace TenantSessions.Web.IntegrationTests.Providers;

/// <summary>The app's SQLite database runs in WAL mode; every connection the app opens commits without an fsync each and waits for a busy write lock inside SQLite.</summary>
[Collection(SqliteCollection.Name)]
public sealed class SqliteSettingsTests(SqliteAppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task TheDatabaseIsInWalModeAndAppConnectionsUseNormalSynchronousAndWaitForTheWriteLock()
    {
        var (journalMode, synchronous, busyTimeout) = await App.QueryAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            var mode = await db.Database.SqlQueryRaw<string>("SELECT journal_mode AS Value FROM pragma_journal_mode").SingleAsync();
            var sync = await db.Database.SqlQueryRaw<long>("SELECT synchronous AS Value FROM pragma_synchronous").SingleAsync();
            var busy = await db.Database.SqlQueryRaw<long>("SELECT timeout AS Value FROM pragma_busy_timeout").SingleAsync();
            return (mode, sync, busy);
        });

        Assert.Equal("wal", journalMode);
        Assert.Equal(1, synchronous);
        Assert.Equal(SqliteConnectionSettings.BusyTimeoutMilliseconds, busyTimeout);
    }
}
