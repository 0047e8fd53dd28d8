using Microsoft.EntityFrameworkCore;
using TenantSessions.Web.IntegrationTests.Infrastructure;

namespace TenantSessions.Web.IntegrationTests.Providers;

/// <summary>The app's SQLite database runs in WAL mode, and every connection the app opens commits without an fsync each.</summary>
[Collection(SqliteCollection.Name)]
public sealed class SqliteSettingsTests(SqliteAppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task TheDatabaseIsInWalModeAndAppConnectionsUseNormalSynchronous()
    {
        var (journalMode, synchronous) = await App.QueryAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            var mode = await db.Database.SqlQueryRaw<string>("SELECT journal_mode AS Value FROM pragma_journal_mode").SingleAsync();
            var sync = await db.Database.SqlQueryRaw<long>("SELECT synchronous AS Value FROM pragma_synchronous").SingleAsync();
            return (mode, sync);
        });

        Assert.Equal("wal", journalMode);
        Assert.Equal(1, synchronous);
    }
}
