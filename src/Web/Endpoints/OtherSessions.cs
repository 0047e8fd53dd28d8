using Mediator;
using TenantSessions.Application.Sessions.Queries.CountMyOtherSessions;

namespace TenantSessions.Web.Endpoints;

/// <summary>
/// After a sign-in factor changes (TOTP on or off, recovery codes made anew, a passkey added or removed), the API and
/// the pages offer to end the person's other sessions (ASVS 5.0 7.4.3): this counts them.
/// </summary>
internal static class OtherSessions
{
    public static async Task<int> CountAsync(IMediator mediator, CancellationToken cancellationToken) =>
        await mediator.Send(new CountMyOtherSessionsQuery(), cancellationToken);
}
