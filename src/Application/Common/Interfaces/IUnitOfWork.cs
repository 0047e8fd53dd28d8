namespace TenantSessions.Application.Common.Interfaces;

/// <summary>
/// What a command changed, committed once: everything staged (rows, feed entries, audit events) is saved in one
/// database transaction, and only after it commits is the revocation feed announced to this node and the others.
/// </summary>
public interface IUnitOfWork
{
    /// <summary>
    /// Opens the command's transaction now, if it is not open yet, for a write that must run before the save (a
    /// conditional update such as using up an e-mailed link) yet commit or roll back with it. The save then joins
    /// this transaction, and <see cref="CommitAsync"/> commits both; a command that fails rolls both back.
    /// </summary>
    Task BeginAsync(CancellationToken cancellationToken);

    Task CommitAsync(CancellationToken cancellationToken);

    /// <summary>Rolls back a transaction opened by <see cref="BeginAsync"/> (the command failed); nothing if none is open.</summary>
    Task RollbackAsync();
}
