using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using TenantSessions.Application.Sso.Commands.SsoStepUp;
using TenantSessions.Application.Sso.Queries.GetSsoSignInSettings;
using TenantSessions.Domain.Sessions;

namespace TenantSessions.Web.Sso;

/// <summary>
/// RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0, issue 22 item 6, ADR-027): when the session being
/// signed out was signed in through an IdP that offers an <c>end_session_endpoint</c>, <see cref="PrepareAsync"/> reads
/// what the logout needs while the session still lives; the caller then ends the session here as always (the store
/// and the feed), and <see cref="IdpUrlAsync"/> asks the connection's OpenIdConnect handler for the end-session URL
/// (<c>id_token_hint</c>, <c>client_id</c>, <c>post_logout_redirect_uri</c> on this workspace host, and a protected
/// <c>state</c>). Anything that goes wrong at the IdP's side is logged and the sign-out here stands.
/// </summary>
public sealed class SsoSignOut(SsoProtocol protocol, ILogger<SsoSignOut> logger)
{
    public async Task<PreparedIdpLogout?> PrepareAsync(HttpContext context, IMediator mediator)
    {
        try
        {
            if (await mediator.Send(new GetSsoSignOutQuery(), context.RequestAborted) is not { } signOut)
            {
                return null;
            }

            var settings = await mediator.Send(new GetSsoSignInSettingsQuery(signOut.ProviderId), context.RequestAborted);
            return new PreparedIdpLogout(settings, protocol.IdTokens(settings).Unprotect(signOut.ProtectedIdToken));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "The logout at the IdP could not be prepared; the session ends here only");
            return null;
        }
    }

    /// <summary>The IdP's end-session URL to send the browser to, or null (then the sign-out here is all there is).</summary>
    public async Task<string?> IdpUrlAsync(HttpContext context, PreparedIdpLogout? prepared)
    {
        if (prepared is null)
        {
            return null;
        }

        try
        {
            var handler = await protocol.HandlerAsync(context, prepared.Settings);
            context.Items[SsoProtocol.IdTokenHintItem] = prepared.IdToken;
            await handler.SignOutAsync(new AuthenticationProperties { RedirectUri = $"/sign-in?reason={RevokeReasons.SignedOut}" });
            var url = context.Response.Headers.Location.ToString();
            context.Response.Headers.Location = default;
            context.Response.StatusCode = StatusCodes.Status200OK;
            return string.IsNullOrEmpty(url) ? null : url;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "The logout at the IdP of SSO connection {ConnectionId} could not be started; the session ended here only", prepared.Settings.ConnectionId);
            context.Response.Headers.Location = default;
            context.Response.StatusCode = StatusCodes.Status200OK;
            return null;
        }
        finally
        {
            context.Items.Remove(SsoProtocol.IdTokenHintItem);
        }
    }
}

public sealed record PreparedIdpLogout(SsoSignInSettings Settings, string IdToken)
{
    public override string ToString() => $"{nameof(PreparedIdpLogout)} {{ ConnectionId = {Settings.ConnectionId} }}";
}
