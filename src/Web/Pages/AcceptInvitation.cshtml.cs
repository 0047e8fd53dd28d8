using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using TenantSessions.Application.Auth.Commands.AcceptInvitation;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Infrastructure.SessionEngine.Authentication;
using TenantSessions.Web.Endpoints;
using TenantSessions.Web.Infrastructure;
using ValidationException = TenantSessions.Application.Common.Exceptions.ValidationException;

namespace TenantSessions.Web.Pages;

/// <summary>The invitation link: the invitee chooses a name and password and lands signed in.</summary>
[EnableRateLimiting(AccountRateLimits.AccountEmail)]
[ReferrerPolicy(ReferrerPolicyAttribute.NoReferrer)]
public sealed class AcceptInvitationModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Enter your name.")]
    [StringLength(100)]
    public string Name { get; set; } = "";

    [BindProperty]
    [Required(ErrorMessage = "Choose a password.")]
    public string Password { get; set; } = "";

    public InvitationDetails? Invitation { get; private set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }

        try
        {
            var issued = await mediator.Send(new AcceptInvitationCommand(Token ?? "", Name, Password, AuthEndpoints.Client(HttpContext)), HttpContext.RequestAborted);
            await HttpContext.SignInAsync(issued);
            return LocalRedirect("/");
        }
        catch (ValidationException e)
        {
            foreach (var message in e.Errors.SelectMany(kv => kv.Value))
            {
                ModelState.AddModelError(string.Empty, message);
            }

            await LoadAsync();
        }
        catch (RefusalException e)
        {
            Error = e.Message;
        }

        return Page();
    }

    private async Task LoadAsync()
    {
        try
        {
            Invitation = await mediator.Send(new GetInvitationQuery(Token ?? ""), HttpContext.RequestAborted);
        }
        catch (RefusalException e)
        {
            Error = e.Message;
        }
    }
}
