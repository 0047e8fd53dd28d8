using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TenantSessions.Application.Admin.Commands.ImpersonateUser;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Infrastructure.SessionEngine.Authentication;

namespace TenantSessions.Web.Pages;

/// <summary>The banner's "Stop": ends the impersonation and gives the administrator their own session back (or the sign-in page when it has ended meanwhile).</summary>
public sealed class StopImpersonatingModel(IMediator mediator, ICurrentSession current) : PageModel
{
    public IActionResult OnGet() => current.ImpersonatedBy is null ? Redirect("/") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (current.ImpersonatedBy is null)
        {
            return Redirect("/");
        }

        var target = current.UserId;
        var admin = await mediator.Send(new StopImpersonatingCommand(HttpContext.ImpersonatorToken()), HttpContext.RequestAborted);
        await HttpContext.StopImpersonationAsync(admin);
        return admin is null ? Redirect("/sign-in") : Redirect($"/admin/members/{target}");
    }
}
