using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TenantSessions.Application.Auth.Commands.SignOut;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Domain.Sessions;
using TenantSessions.Infrastructure.SessionEngine.Authentication;
using TenantSessions.Web.Sso;

namespace TenantSessions.Web.Pages;

/// <summary>
/// Signing out on this device. A session signed in through an IdP with an end-session endpoint then goes on to end the
/// IdP's session too (RP-initiated logout, ADR-027), after it has ended here.
/// </summary>
public sealed class SignOutModel(IMediator mediator, ICurrentSession current, SsoSignOut ssoSignOut) : PageModel
{
    public IActionResult OnGet() => current.IsAuthenticated ? Page() : Redirect("/sign-in");

    public async Task<IActionResult> OnPostAsync()
    {
        PreparedIdpLogout? idpLogout = null;
        if (current.IsAuthenticated)
        {
            idpLogout = await ssoSignOut.PrepareAsync(HttpContext, mediator);
            await mediator.Send(new SignOutCommand(), HttpContext.RequestAborted);
        }

        await HttpContext.SignOutSessionAsync();
        return Redirect(await ssoSignOut.IdpUrlAsync(HttpContext, idpLogout) ?? $"/sign-in?reason={RevokeReasons.SignedOut}");
    }
}
