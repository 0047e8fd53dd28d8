using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Email;
using TenantSessions.Application.Platform.Commands.StartWorkspace;
using TenantSessions.Web.Infrastructure;
using ValidationException = TenantSessions.Application.Common.Exceptions.ValidationException;

namespace TenantSessions.Web.Pages;

/// <summary>
/// The confirmation link of a self-service workspace. Opening it changes nothing; the button (a POST) creates the
/// workspace and its admin and shows a link to the workspace's sign-in page (a link, not a redirect: the content
/// security policy's <c>form-action 'self'</c> rightly stops a form's redirect to another host).
/// </summary>
[EnableRateLimiting(AccountRateLimits.AccountEmail)]
[ReferrerPolicy(ReferrerPolicyAttribute.NoReferrer)]
public sealed class StartWorkspaceConfirmModel(IMediator mediator, IAppLinks links) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public PendingWorkspace? Workspace { get; private set; }

    public string? Address { get; private set; }

    public string? Error { get; private set; }

    /// <summary>The new workspace's sign-in page, once created.</summary>
    public string? SignInUrl { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        try
        {
            Workspace = await mediator.Send(new GetPendingWorkspaceQuery(Token ?? ""), HttpContext.RequestAborted);
            Address = links.Tenant(Workspace.Slug, "/");
        }
        catch (NotFoundException)
        {
            return NotFound();
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
            var created = await mediator.Send(new ConfirmWorkspaceCommand(Token ?? ""), HttpContext.RequestAborted);
            Workspace = new PendingWorkspace(created.Slug, created.Name, "", "", "");
            SignInUrl = links.Tenant(created.Slug, "/sign-in?reason=WORKSPACE_CREATED");
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (ValidationException e)
        {
            Error = string.Join(" ", e.Errors.SelectMany(x => x.Value));
        }
        catch (RefusalException e)
        {
            Error = e.Message;
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
