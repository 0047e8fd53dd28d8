using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.SecondFactors;
using TenantSessions.Application.SecondFactors.Commands.CompleteSignIn;
using TenantSessions.Application.SecondFactors.Commands.StartEnrolment;
using TenantSessions.Application.SecondFactors.Queries.DescribePendingSignIn;
using TenantSessions.Domain.SecondFactors;
using TenantSessions.Infrastructure.SessionEngine.Authentication;
using TenantSessions.Web.Authentication;
using TenantSessions.Web.Endpoints;
using TenantSessions.Web.Infrastructure;

namespace TenantSessions.Web.Pages;

/// <summary>
/// The second step of signing in: the password was right, no session exists yet. Asks for an authenticator or recovery
/// code, or — when the workspace requires a second factor the person lacks — enrols one first. Nothing else is
/// reachable from here: without a session every other page sends the person back to sign-in.
/// </summary>
[EnableRateLimiting(RateLimits.SignIn)]
public sealed class SignInTwoFactorModel(IMediator mediator, ICurrentTenant tenant) : PageModel
{
    private string? _returnUrl;

    /// <summary>The page to come back to, kept only when it is local (<see cref="LocalReturnUrl"/>): nothing else is rendered or followed.</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get => _returnUrl; set => _returnUrl = LocalReturnUrl.OrNull(value); }

    [BindProperty]
    public string? Code { get; set; }

    public PendingSignInPurpose Purpose { get; private set; }

    public TwoFactorSetup? Setup { get; private set; }

    public string? Error { get; private set; }

    public string TenantName => tenant.Tenant?.Name ?? "the platform";

    public async Task<IActionResult> OnGetAsync()
    {
        var pending = PendingSignInCookie.Read(Request);
        if (await mediator.Send(new DescribePendingSignInQuery(pending), HttpContext.RequestAborted) is not { } purpose)
        {
            return Expired();
        }

        Purpose = purpose;
        if (purpose == PendingSignInPurpose.Enrol)
        {
            try
            {
                Setup = await mediator.Send(new StartEnrolmentCommand(pending), HttpContext.RequestAborted);
            }
            catch (RefusalException e) when (e.Code == SecondFactorErrors.InvalidTwoFactorCookie)
            {
                return Expired();
            }
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var pending = PendingSignInCookie.Read(Request);
        if (await mediator.Send(new DescribePendingSignInQuery(pending), HttpContext.RequestAborted) is not { } purpose)
        {
            return Expired();
        }

        Purpose = purpose;
        var digits = AuthenticatorCodes.Normalize(Code);
        var proof = digits.Length == 6 && digits.All(char.IsAsciiDigit) ? SecondFactorProof.Totp : SecondFactorProof.RecoveryCode;
        try
        {
            var issued = await mediator.Send(new CompleteSignInCommand(pending, proof, Code ?? "", AuthEndpoints.Client(HttpContext)), HttpContext.RequestAborted);
            PendingSignInCookie.Clear(HttpContext);
            await HttpContext.SignInAsync(issued);
            return LocalRedirect(LocalReturnUrl.OrHome(ReturnUrl));
        }
        catch (RefusalException e) when (e.Code == SecondFactorErrors.InvalidTwoFactorCookie)
        {
            return Expired();
        }
        catch (RefusalException e)
        {
            Error = e.Message;
            Response.StatusCode = ErrorStatus.Of(e);
            return Page();
        }
    }

    private IActionResult Expired()
    {
        PendingSignInCookie.Clear(HttpContext);
        return Redirect($"/sign-in?reason={SecondFactorErrors.InvalidTwoFactorCookie}");
    }
}
