using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using TenantSessions.Web.Infrastructure;

namespace TenantSessions.Web.MultiNodeTests.Outages;

/// <summary>What becomes a 503 (the database cannot be reached, however EF wraps it) and what stays a 500 (a bug).</summary>
public sealed class DatabaseOutageClassificationTests
{
    public static TheoryData<Exception> Outages => new()
    {
        new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)),
        new InvalidOperationException("An exception has been raised that is likely due to a transient failure.",
            new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused))),
        new RetryLimitExceededException("Retries exhausted", new NpgsqlException("Exception while reading from stream", new IOException("reset"))),
        new DbUpdateException("An error occurred while saving", new NpgsqlException("Failed to connect", new SocketException((int)SocketError.HostUnreachable))),
        new TimeoutException("The operation has timed out."),
    };

    public static TheoryData<Exception> Bugs => new()
    {
        new DbUpdateException("An error occurred while saving", new PostgresException("duplicate key value", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation)),
        new InvalidOperationException("Sequence contains no elements"),
        new NullReferenceException(),
    };

    [Theory]
    [MemberData(nameof(Outages))]
    public void AnUnreachableDatabaseIsAnOutageWhateverWrapsIt(Exception exception) => Assert.True(DatabaseOutage.Is(exception));

    [Theory]
    [MemberData(nameof(Bugs))]
    public void ARefusedWriteOrABugIsNotAnOutage(Exception exception) => Assert.False(DatabaseOutage.Is(exception));
}
