using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TenantSessions.Application.Auth.Commands.SignOut;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Domain.Sessions;
using TenantSessions.Infrastructure.SessionEngine.Authentication;

namespace TenantSessions.Web.Pages;

public sealed class SignOutModel(IMediator mediator, ICurrentSession current) : PageModel
{
    public IActionResult OnGet() => current.IsAuthenticated ? Page() : Redirect("/sign-in");

    public async Task<IActionResult> OnPostAsync()
    {
        if (current.IsAuthenticated)
        {
            await mediator.Send(new SignOutCommand(), HttpContext.RequestAborted);
        }

        await HttpContext.SignOutSessionAsync();
        return Redirect($"/sign-in?reason={RevokeReasons.SignedOut}");
    }
}
