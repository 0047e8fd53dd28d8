using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Sso;
using TenantSessions.Application.Sso.Queries.GetSsoSignInSettings;
using TenantSessions.Web.Infrastructure;
using TenantSessions.Web.Sso;

namespace TenantSessions.Web.Pages;

/// <summary>
/// Single sign-on without JavaScript: the "Continue with …" buttons and the work e-mail form post here and are sent on to
/// the IdP (home-realm discovery by the e-mail's verified domain); every refusal of a sign-in through an IdP lands here
/// with its code and is explained.
/// </summary>
[EnableRateLimiting(RateLimits.SignIn)]
public sealed class SignInSsoModel(IMediator mediator, SsoProtocol protocol, TenantSessions.Application.Common.Interfaces.ICurrentSession current) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "error")]
    public string? ErrorCode { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? ProviderId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Message { get; private set; }

    public IActionResult OnGet()
    {
        if (ErrorCode is not null)
        {
            Message = SsoRefusals.MessageFor(ErrorCode);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    /// <summary>"Continue with {IdP}" on the step-up form of a session signed in by SSO: off to the IdP with <c>prompt=login</c>.</summary>
    public async Task<IActionResult> OnPostStepUpAsync()
    {
        if (!current.IsAuthenticated)
        {
            return Redirect("/sign-in");
        }

        try
        {
            return Redirect(await SsoSignInEndpoints.StepUpChallengeAsync(HttpContext, mediator, protocol, ReturnUrl));
        }
        catch (RefusalException refusal)
        {
            Message = refusal.Code == SsoErrors.NotSignedInBySso ? refusal.Message : SsoRefusals.MessageFor(refusal.Code);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
    }

    public async Task<IActionResult> OnPostStartAsync()
    {
        if (string.IsNullOrWhiteSpace(ProviderId) && string.IsNullOrWhiteSpace(Email))
        {
            ModelState.AddModelError(nameof(Email), "Enter your work e-mail address.");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        try
        {
            var settings = await mediator.Send(new GetSsoSignInSettingsQuery(ProviderId, Email), HttpContext.RequestAborted);
            return Redirect(await SsoSignInEndpoints.ChallengeAsync(HttpContext, protocol, settings, ReturnUrl, Email));
        }
        catch (RefusalException refusal)
        {
            ModelState.AddModelError(nameof(Email), refusal.Code == SsoRefusals.UnknownConnection
                ? "No identity provider of this workspace signs in that address. Sign in with your password instead."
                : refusal.Message);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
    }
}
