using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace TenantSessions.Web.Pages;

/// <summary>
/// The page shown for an error status that nothing else explained (no such page, a form without its antiforgery token,
/// ...). Re-executed by the status-code-pages middleware with the original method, so it answers posts too; it changes
/// nothing, hence no antiforgery check of its own.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public int Code { get; private set; }

    public (string Title, string Text) Message => Code switch
    {
        400 => ("That request could not be used", "The form may have been open for too long or sent from somewhere else. Go back, reload the page and try again."),
        403 => ("You can't open this page", "Your account does not have access to it."),
        404 => ("There is nothing here", "Check the address, or go back to where you came from."),
        405 => ("That request could not be used", "This address can't be used this way."),
        429 => ("Too many attempts", "Please wait a minute before trying again."),
        _ => ("Something went wrong", "We could not complete your request. Please try again in a moment."),
    };

    public IActionResult OnGet(int code) => Show(code);

    public IActionResult OnPost(int code) => Show(code);

    private PageResult Show(int code)
    {
        Code = code is >= 400 and <= 599 ? code : 404;
        Response.StatusCode = Code;
        return Page();
    }
}
