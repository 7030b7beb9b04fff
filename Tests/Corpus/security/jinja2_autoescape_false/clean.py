from jinja2 import Environment, FileSystemLoader, select_autoescape


def render_profile(user: dict) -> str:
    """Render the public profile page of a user."""
    env = Environment(loader=FileSystemLoader("templates"), autoescape=select_autoescape(["html", "xml"]))
    return env.get_template("profile.html").render(user=user)
