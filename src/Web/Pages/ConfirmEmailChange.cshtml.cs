using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using TenantSessions.Application.Accounts.Commands.ChangeEmail;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Web.Infrastructure;

namespace TenantSessions.Web.Pages;

/// <summary>The link sent to the new address (ADR-030). Opening it changes nothing; the button (a POST) moves the account to the address.</summary>
[EnableRateLimiting(AccountRateLimits.AccountEmail)]
[ReferrerPolicy(ReferrerPolicyAttribute.NoReferrer)]
public sealed class ConfirmEmailChangeModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public EmailChangeLink? Change { get; private set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        try
        {
            Change = await mediator.Send(new GetEmailChangeLinkQuery(Token ?? "", Undo: false), HttpContext.RequestAborted);
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
            var next = await mediator.Send(new ConfirmEmailChangeCommand(Token ?? ""), HttpContext.RequestAborted);
            return LocalRedirect(User.Identity?.IsAuthenticated == true ? next : "/sign-in");
        }
        catch (RefusalException e)
        {
            Error = e.Message;
            Response.StatusCode = ErrorStatus.Of(e);
            return Page();
        }
    }
}
