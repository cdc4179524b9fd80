"""Spanish column names. "Nombre" beside "Apellidos" is the given name (`crm.io.headers.generic`)."""

FIELDS = {
    "name": ("Cliente", "Nombre", "Nombre completo", "Comprador", "Contacto"),
    "last_name": ("Apellido", "Apellidos", "Apellido(s)"),
    "phone": ("Teléfono", "Tel.", "Móvil", "Celular", "Número de teléfono"),
    "email": ("Correo", "Correo electrónico", "Email"),
    "city": ("Ciudad", "Localidad", "Población"),
    "company": ("Empresa", "Compañía", "Organización", "Razón social"),
    "birthday": ("Cumpleaños", "Fecha de nacimiento"),
    "tags": ("Etiquetas",),
    "notes": ("Notas", "Nota", "Comentarios", "Observaciones"),
    "date": ("Fecha", "Fecha de pedido", "Fecha de compra"),
    "amount": ("Importe", "Monto", "Total", "Precio", "Suma", "Valor"),
    "currency": ("Moneda", "Divisa"),
    "description": ("Artículo", "Producto", "Productos", "Descripción", "Concepto"),
    "quantity": ("Cantidad", "Unidades"),
}
