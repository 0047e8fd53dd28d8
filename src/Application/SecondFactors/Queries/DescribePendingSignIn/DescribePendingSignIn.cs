using Mediator;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Domain.SecondFactors;

namespace TenantSessions.Application.SecondFactors.Queries.DescribePendingSignIn;

/// <summary>What the pending-sign-in cookie is waiting for (a code, or enrolment), or null when it names nothing live here.</summary>
public sealed record DescribePendingSignInQuery(string? PendingToken) : IQuery<PendingSignInPurpose?>
{
    public override string ToString() => nameof(DescribePendingSignInQuery);
}

public sealed class DescribePendingSignInHandler(IApplicationDbContext db, TimeProvider clock) : IQueryHandler<DescribePendingSignInQuery, PendingSignInPurpose?>
{
    public async ValueTask<PendingSignInPurpose?> Handle(DescribePendingSignInQuery query, CancellationToken cancellationToken) =>
        (await db.FindPendingAsync(query.PendingToken, clock.GetUtcNow(), cancellationToken))?.Purpose;
}
