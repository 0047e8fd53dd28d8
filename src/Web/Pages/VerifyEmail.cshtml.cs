using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using TenantSessions.Application.Auth.Commands.VerifyEmail;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Infrastructure.SessionEngine.Authentication;
using TenantSessions.Web.Endpoints;
using TenantSessions.Web.Infrastructure;

namespace TenantSessions.Web.Pages;

/// <summary>The sign-up verification link. Opening it changes nothing; the button (a POST) creates the account and signs in.</summary>
[EnableRateLimiting(AccountRateLimits.AccountEmail)]
[ReferrerPolicy(ReferrerPolicyAttribute.NoReferrer)]
public sealed class VerifyEmailModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public string? Email { get; private set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        try
        {
            Email = await mediator.Send(new GetPendingSignUpQuery(Token ?? ""), HttpContext.RequestAborted);
        }
        catch (RefusalException e)
        {
            Error = e.Message;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        try
        {
            var issued = await mediator.Send(new VerifyEmailCommand(Token ?? "", AuthEndpoints.Client(HttpContext)), HttpContext.RequestAborted);
            await HttpContext.SignInAsync(issued);
            return LocalRedirect("/");
        }
        catch (RefusalException e)
        {
            Error = e.Message;
            return Page();
        }
    }
}
