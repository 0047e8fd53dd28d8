namespace TenantSessions.Application.Common.Interfaces;

/// <summary>
/// What a command changed, committed once: everything staged (rows, feed entries, audit events) is saved in one
/// database transaction, and only after it commits is the revocation feed announced to this node and the others.
/// </summary>
public interface IUnitOfWork
{
    Task CommitAsync(CancellationToken cancellationToken);
}
