using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using TenantSessions.Application.Accounts.Commands.ChangeEmail;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Web.Infrastructure;

namespace TenantSessions.Web.Pages;

/// <summary>
/// "This wasn't me", sent to the old address after a change (ADR-030). Opening it changes nothing: the page says what
/// the button does (the address back, every session ended), and the button (a POST) does it — the page is the
/// confirmation, with or without JavaScript. Then it offers a password reset.
/// </summary>
[EnableRateLimiting(AccountRateLimits.AccountEmail)]
[ReferrerPolicy(ReferrerPolicyAttribute.NoReferrer)]
public sealed class UndoEmailChangeModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public EmailChangeLink? Change { get; private set; }

    public int? Ended { get; private set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        try
        {
            Change = await mediator.Send(new GetEmailChangeLinkQuery(Token ?? "", Undo: true), HttpContext.RequestAborted);
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
            Ended = await mediator.Send(new UndoEmailChangeCommand(Token ?? ""), HttpContext.RequestAborted);
        }
        catch (RefusalException e)
        {
            Error = e.Message;
            Response.StatusCode = ErrorStatus.Of(e);
        }

        return Page();
    }
}
