using TenantSessions.Application.Common.Interfaces;

namespace TenantSessions.Infrastructure.Data;

/// <summary>
/// What else happens when a command commits. Each part of the app that stages work beside the rows (the session
/// engine's feed entries, the e-mail outbox's delivery run) registers one, and <see cref="UnitOfWork"/> calls them in
/// order: <see cref="Saving"/> just before the save, <see cref="CommittedAsync"/> once the rows are durable, and
/// <see cref="Failed"/> when the save or the commit failed (nothing staged may then be acted on).
/// </summary>
public interface ICommitHook
{
    void Saving();

    Task CommittedAsync(CancellationToken cancellationToken);

    void Failed();
}

/// <summary>
/// Commits a command: one <c>SaveChanges</c>, which EF runs as one transaction, so the session rows, feed entries,
/// audit events, outbox messages and any other row the handler changed (a password hash, a ban) are saved together or
/// not at all. A command that had to write before the save (using up an e-mailed link: a conditional update) opened the
/// transaction early with <see cref="BeginAsync"/>; the save joins it and both commit here, or both roll back. Then,
/// and only then, the commit hooks act (<see cref="ICommitHook"/>).
/// </summary>
public sealed class UnitOfWork(AppDbContext db, IEnumerable<ICommitHook> hooks) : IUnitOfWork
{
    private readonly ICommitHook[] _hooks = [.. hooks];

    public async Task BeginAsync(CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            await db.Database.BeginTransactionAsync(cancellationToken);
        }
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        foreach (var hook in _hooks)
        {
            hook.Saving();
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            if (db.Database.CurrentTransaction is { } transaction)
            {
                await transaction.CommitAsync(cancellationToken);
                await transaction.DisposeAsync();
            }
        }
        catch
        {
            foreach (var hook in _hooks)
            {
                hook.Failed();
            }

            await RollbackAsync();
            throw;
        }

        foreach (var hook in _hooks)
        {
            await hook.CommittedAsync(cancellationToken);
        }
    }

    public async Task RollbackAsync()
    {
        if (db.Database.CurrentTransaction is not { } transaction)
        {
            return;
        }

        try
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }
        catch (Exception)
        {
            // A connection that broke mid-transaction cannot roll back (the server has abandoned the transaction); the
            // command's own exception, already on its way, is the one that matters.
        }
        finally
        {
            await transaction.DisposeAsync();
        }
    }
}
